package nl.zorgbrug.app.node;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * A node that cannot start because of a setting says so in a few lines — the key, the value, what is allowed —
 * instead of a stack trace of 200 lines (issue 15). Besides {@link ConfigurationError}, the checks elsewhere whose
 * message starts with the key ({@code zorgbrug.gateway.routes 'x': ...}, from the route table) are reported the
 * same way. Registered in META-INF/spring.factories; asked before Spring Boot's own analyzers.
 */
public final class ConfigurationErrorAnalyzer implements FailureAnalyzer, Ordered {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationError e) {
                return new FailureAnalysis(e.getMessage(), "Correct " + e.key() + " in the configuration"
                        + " (see docs/operations.md) and start the node again.", e);
            }
            if (t.getMessage() != null && t.getMessage().startsWith("zorgbrug.")
                    && (t instanceof IllegalArgumentException || t instanceof IllegalStateException)) {
                return new FailureAnalysis(t.getMessage(), "Correct the setting in the configuration"
                        + " (see docs/operations.md) and start the node again.", t);
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

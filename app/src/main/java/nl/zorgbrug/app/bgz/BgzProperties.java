package nl.zorgbrug.app.bgz;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.bgz.*} settings (issue 19, docs/bgz.md, docs/operations.md).
 *
 * @param tokens         the fixed bearer tokens: for qualification (the Nictiz TestScripts send one per patient) and
 *                       for the EPD that feeds the store; none configured: every request but {@code metadata} is
 *                       refused (401)
 * @param requestTimeout how long the requesting role waits for each query's answer from another institution
 *                       (default 30 s); a query without an answer in time is reported as failed, never as empty
 */
@ConfigurationProperties("zorgbrug.bgz")
public record BgzProperties(List<Token> tokens, Duration requestTimeout) {

    public BgzProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("zorgbrug.bgz.request-timeout must be positive, not " + requestTimeout
                    + ": give how long to wait for each BgZ query, such as 30s");
        }
    }

    /**
     * One token.
     *
     * @param token           the bearer value
     * @param bsn             the patient it reads (none: a feed-only token)
     * @param ura             the requesting organisation it acts for (required with a BSN)
     * @param institutionType that organisation's institution type, as the consent scopes name it (default V4)
     * @param feed            whether it may feed the store (PUT, transaction, $purge); default false
     */
    public record Token(String token, String bsn, String ura, String institutionType, boolean feed) {
    }
}

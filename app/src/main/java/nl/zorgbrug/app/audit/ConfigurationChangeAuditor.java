package nl.zorgbrug.app.audit;

import java.time.Clock;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import nl.zorgbrug.app.access.ConfigurationChange;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.trail.AuditLog;

/**
 * Writes the CONFIGURATION_CHANGE event of every handler marked {@link ConfigurationChange} once it has answered
 * (issue 17; NEN 7513: configuration changes are logged): who, in which role, from where, what was changed, and
 * whether it was (a refused or failed change is recorded too, with its outcome). After, not before as for patient
 * data: nothing is shown here that must not be shown unlogged, and the trail should say whether the change happened.
 */
final class ConfigurationChangeAuditor implements HandlerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationChangeAuditor.class);

    private final AuditLog trail;
    private final AuditConfiguration.AuditActors actors;
    private final Clock clock;

    ConfigurationChangeAuditor(AuditLog trail, AuditConfiguration.AuditActors actors, Clock clock) {
        this.trail = trail;
        this.actors = actors;
        this.clock = clock;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception failure) {
        if (!(handler instanceof HandlerMethod method)) {
            return;
        }
        ConfigurationChange declared = method.getMethodAnnotation(ConfigurationChange.class);
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (declared == null || who == null) {
            return;
        }
        int status = failure != null ? 500 : response.getStatus();
        Object refused = request.getAttribute(ConfigurationChange.REFUSED);
        Outcome outcome = status >= 500 ? Outcome.SERIOUS_FAILURE
                : status >= 400 || refused != null ? Outcome.MINOR_FAILURE : Outcome.SUCCESS;
        String key = declared.key().isEmpty() ? null : pathVariable(request, declared.key());
        if (key == null && !declared.key().isEmpty()) {
            key = request.getParameter(declared.key());
        }
        String detail = declared.value() + (key == null || key.isBlank() ? "" : " '" + printable(key) + "'") + ": "
                + request.getMethod() + " " + request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
                + (outcome == Outcome.SUCCESS ? "" : refused != null ? " (not changed: " + refused + ")"
                : " (HTTP " + status + ", not changed)");
        AuditEvent event = AuditEvent.of(EventType.CONFIGURATION_CHANGE, actors.of(who), clock.instant())
                .action(declared.action()).outcome(outcome)
                .accessPoint(AccessPoint.host(request.getRemoteAddr())).detail(detail).build();
        try {
            trail.record(event);
        } catch (RuntimeException e) {
            // The change is made and answered; the missing record is loud.
            LOG.error("audit: the configuration change '{}' by {} could not be written to the trail: {}", detail,
                    who.getName(), e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String pathVariable(HttpServletRequest request, String name) {
        Object vars = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return vars instanceof Map<?, ?> map ? ((Map<String, String>) map).get(name) : null;
    }

    /** A key as given in the path, without control characters and not endless. */
    private static String printable(String key) {
        String s = key.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}

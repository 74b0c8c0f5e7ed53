package nl.zorgbrug.app.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.audit.*} settings (issue 17, docs/audit.md).
 *
 * @param nodeName           the node as the actor of what it does by itself, and as source of what it sends
 *                           (default: zorgbrug)
 * @param organisationUra    the hospital's URA (eight digits, from its UZI server certificate): on whose behalf the
 *                           node and its users act; empty until configured
 * @param checkpointInterval how often the node signs a checkpoint of the trail when records were added (default
 *                           5 minutes; and always when it stops)
 * @param flushInterval      how often the gateway's events are taken from the outbox into the trail, in one batch
 *                           (default 500 ms): the trail lags the gateway by at most this, and loses nothing
 * @param enabled            false only for the benchmark (docs/benchmarks.md, "Audit cost on the hot path"): the
 *                           gateway's events are then not audited, which NEN 7513 does not allow in use (default
 *                           true; the node warns at every start when false)
 * @param repeatWindow       the same list (same page, search and patients) shown again to the same session within
 *                           this time is one view and leaves no second event (the job list refreshes every 5 s);
 *                           default 10 minutes, 0 writes every showing (docs/audit.md)
 */
@ConfigurationProperties("zorgbrug.audit")
public record AuditProperties(String nodeName, String organisationUra, Duration checkpointInterval,
                              Duration flushInterval, Boolean enabled, Duration repeatWindow) {

    public AuditProperties {
        nodeName = nodeName == null || nodeName.isBlank() ? "zorgbrug" : nodeName;
        organisationUra = organisationUra == null || organisationUra.isBlank() ? null : organisationUra.trim();
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(5) : checkpointInterval;
        flushInterval = flushInterval == null ? Duration.ofMillis(500) : flushInterval;
        enabled = enabled == null ? Boolean.TRUE : enabled;
        repeatWindow = repeatWindow == null ? Duration.ofMinutes(10) : repeatWindow;
        if (repeatWindow.isNegative()) {
            throw new IllegalArgumentException("zorgbrug.audit.repeat-window must be 0 or positive, not " + repeatWindow);
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("zorgbrug.audit.checkpoint-interval must be positive, not "
                    + checkpointInterval);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("zorgbrug.audit.flush-interval must be positive, not " + flushInterval);
        }
    }
}

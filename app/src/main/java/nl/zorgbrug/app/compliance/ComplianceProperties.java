package nl.zorgbrug.app.compliance;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.compliance.*} settings of the measurement over the job log (issue 18, docs/compliance.md).
 *
 * @param foreignerIssuers issuers (OIDs) of temporary or foreign patient numbers: an object without a BSN carrying an
 *                         identifier of one of them counts as a foreigner, exempt (default: none)
 * @param flushInterval    how often the gateway's events are taken into the measurement (default 1 s)
 */
@ConfigurationProperties("zorgbrug.compliance")
public record ComplianceProperties(List<String> foreignerIssuers, Duration flushInterval) {
    public ComplianceProperties {
        foreignerIssuers = foreignerIssuers == null ? List.of() : List.copyOf(foreignerIssuers);
        flushInterval = flushInterval == null ? Duration.ofSeconds(1) : flushInterval;
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("zorgbrug.compliance.flush-interval must be positive, not " + flushInterval);
        }
    }
}

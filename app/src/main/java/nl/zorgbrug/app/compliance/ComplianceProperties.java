package nl.zorgbrug.app.compliance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.compliance.*} settings of the measurement over the job log and the sender feedback (issue 18,
 * docs/compliance.md, docs/operations.md).
 *
 * @param foreignerIssuers issuers (OIDs) of temporary or foreign patient numbers: an object without a BSN carrying an
 *                         identifier of one of them counts as a foreigner, exempt (default: none)
 * @param flushInterval    how often the gateway's events are taken into the measurement (default 1 s)
 * @param digest           the sender feedback
 */
@ConfigurationProperties("zorgbrug.compliance")
public record ComplianceProperties(List<String> foreignerIssuers, Duration flushInterval, Digest digest) {
    public ComplianceProperties {
        foreignerIssuers = foreignerIssuers == null ? List.of() : List.copyOf(foreignerIssuers);
        flushInterval = flushInterval == null ? Duration.ofSeconds(1) : flushInterval;
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("zorgbrug.compliance.flush-interval must be positive, not " + flushInterval);
        }
        digest = digest == null ? new Digest(null, null, true, null, null) : digest;
    }

    /**
     * @param hospitalName who the digest is from (default "Zorgbrug")
     * @param period       WEEKLY (default; ISO weeks, Monday to Sunday) or MONTHLY
     * @param automatic    make the digests of the last complete period by itself (default true; checked hourly)
     * @param exportDir    where digests are written as text when no SMTP server is set or the institution has no
     *                     e-mail address (default: {@code <data-dir>/compliance/digests})
     * @param smtp         the mail server; without a host, digests are exported
     */
    public record Digest(String hospitalName, DigestPeriod period, boolean automatic, Path exportDir, Smtp smtp) {
        public Digest {
            hospitalName = hospitalName == null || hospitalName.isBlank() ? "Zorgbrug" : hospitalName.trim();
            period = period == null ? DigestPeriod.WEEKLY : period;
            smtp = smtp == null ? new Smtp(null, 0, null, null, null, null) : smtp;
        }
    }

    public enum DigestPeriod { WEEKLY, MONTHLY }

    /**
     * @param host     the SMTP server; empty: no mail, digests are exported
     * @param port     default 587 (submission, RFC 6409)
     * @param from     the sender address (default zorgbrug@localhost)
     * @param startTls REQUIRED (default), OPTIONAL or OFF
     */
    public record Smtp(String host, int port, String username, String password, String from,
                       nl.zorgbrug.app.mail.SmtpMail.StartTls startTls) {
        public Smtp {
            host = host == null || host.isBlank() ? null : host.trim();
            port = port == 0 ? 587 : port;
            from = from == null || from.isBlank() ? "zorgbrug@localhost" : from.trim();
            startTls = startTls == null ? nl.zorgbrug.app.mail.SmtpMail.StartTls.REQUIRED : startTls;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("zorgbrug.compliance.digest.smtp.port must be 1-65535, not " + port);
            }
        }

        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", user " + username + ", STARTTLS " + startTls + "]";
        }
    }
}

package nl.zorgbrug.app.link;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.transport.link.*} settings of the download link ("DICOM e-mail", issue 21, docs/operations.md
 * "Download links").
 *
 * @param destination     the address-book key the link route names as its destination (default "link")
 * @param baseUrl         the node's address as recipients reach it (https://...); the link is base-url/download/token
 * @param senderName      this hospital's name in the mail and as the package's sender
 * @param senderUra       this hospital's URA, in the package's manifest
 * @param maxAttempts     wrong codes after which a link is locked (default 5)
 * @param defaultValidity how long a link works when the order names no date (default 7 days)
 * @param maxValidity     the latest date an order may name, from now (default 30 days)
 * @param purgeInterval   how often expired and used packages are deleted (default 15 minutes)
 * @param secondFactor    how the code is sent: EMAIL, a second e-mail (the only one built; SMS is a port)
 * @param smtp            the mail server; STARTTLS is always required
 */
@ConfigurationProperties("zorgbrug.transport.link")
public record LinkProperties(String destination, String baseUrl, String senderName, String senderUra,
                             Integer maxAttempts, Duration defaultValidity, Duration maxValidity,
                             Duration purgeInterval, SecondFactorKind secondFactor, Smtp smtp) {

    public enum SecondFactorKind { EMAIL }

    public LinkProperties {
        destination = destination == null || destination.isBlank() ? "link" : destination.trim();
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "http://localhost:8080" : baseUrl.trim();
        senderName = senderName == null || senderName.isBlank() ? "Zorgbrug" : senderName.trim();
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
        defaultValidity = defaultValidity == null ? Duration.ofDays(7) : defaultValidity;
        maxValidity = maxValidity == null ? Duration.ofDays(30) : maxValidity;
        purgeInterval = purgeInterval == null ? Duration.ofMinutes(15) : purgeInterval;
        secondFactor = secondFactor == null ? SecondFactorKind.EMAIL : secondFactor;
        smtp = smtp == null ? new Smtp(null, 0, null, null, null, null, null) : smtp;
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("zorgbrug.transport.link.max-attempts must be 1-20, not " + maxAttempts);
        }
        if (defaultValidity.compareTo(maxValidity) > 0 || defaultValidity.isNegative() || defaultValidity.isZero()) {
            throw new IllegalArgumentException("zorgbrug.transport.link.default-validity (" + defaultValidity
                    + ") must be positive and at most max-validity (" + maxValidity + ")");
        }
    }

    /**
     * @param host               the SMTP server; without one, links are not mailed (the link's job fails, naming
     *                           this setting)
     * @param port               default 587 (submission, RFC 6409)
     * @param from               the sender address (default zorgbrug@localhost)
     * @param trustStore         a PKCS12 trust store for the server's certificate (a hospital CA); default: Java's
     * @param trustStorePassword its password
     */
    public record Smtp(String host, int port, String username, String password, String from, Path trustStore,
                       String trustStorePassword) {
        public Smtp {
            host = host == null || host.isBlank() ? null : host.trim();
            port = port == 0 ? 587 : port;
            from = from == null || from.isBlank() ? "zorgbrug@localhost" : from.trim();
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("zorgbrug.transport.link.smtp.port must be 1-65535, not " + port);
            }
        }

        @Override
        public String toString() {
            return "Smtp[" + host + ":" + port + ", user " + username + "]";
        }
    }
}

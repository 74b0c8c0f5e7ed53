package nl.zorgbrug.app.audit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import nl.zorgbrug.app.node.ConfigurationError;

/**
 * The {@code zorgbrug.audit.export.*} settings (issue 17, docs/audit.md "Export to the audit repository"): where
 * the trail goes besides the node's own database. Both repositories are off until their address is set; a key not
 * listed here stops the node at start (SettingKeys), and so does a repository without the TLS files it needs.
 *
 * @param atna      the IHE ATNA audit record repository over RFC 5425 syslog-TLS
 * @param fhir      a FHIR server taking AuditEvents (IHE BALP), POST {@code <base>/AuditEvent}
 * @param tls       the node's key and the repository's CA, for both
 * @param appName   RFC 5424 APP-NAME and the DICOM AuditSourceID (default: {@code zorgbrug.audit.node-name})
 * @param interval  how often the exporter looks for new records (default 2 s)
 * @param retry     the wait before the same record is tried again while a repository is down
 * @param batchSize how many records are read from the trail at a time (default 200)
 */
@ConfigurationProperties("zorgbrug.audit.export")
public record AuditExportProperties(Atna atna, Fhir fhir, Tls tls, String appName, Duration interval, Retry retry,
                                    Integer batchSize) {

    public AuditExportProperties {
        atna = atna == null ? new Atna(null, null, null) : atna;
        fhir = fhir == null ? new Fhir(null, null) : fhir;
        tls = tls == null ? new Tls(null, null, null, null) : tls;
        appName = appName == null || appName.isBlank() ? null : appName.trim();
        interval = interval == null ? Duration.ofSeconds(2) : interval;
        retry = retry == null ? new Retry(null, null, null) : retry;
        batchSize = batchSize == null ? 200 : batchSize;
        if (interval.isNegative() || interval.isZero()) {
            throw new ConfigurationError("zorgbrug.audit.export.interval", interval.toString(), "a positive duration");
        }
        if (batchSize < 1) {
            throw new ConfigurationError("zorgbrug.audit.export.batch-size", batchSize.toString(), "1 or more");
        }
        if (atna.enabled()) {
            if (tls.trustStore() == null) {
                throw new ConfigurationError("zorgbrug.audit.export.tls.trust-store", null, "the PKCS12 or JKS file"
                        + " with the audit repository's CA: syslog-TLS to " + atna.host() + " needs it");
            }
            if (tls.keyStore() == null) {
                throw new ConfigurationError("zorgbrug.audit.export.tls.key-store", null, "the node's key and"
                        + " certificate (PKCS12): an ATNA repository accepts only authenticated nodes (mutual TLS)");
            }
        }
        if (fhir.enabled() && "https".equalsIgnoreCase(fhir.base().getScheme()) && tls.trustStore() == null) {
            throw new ConfigurationError("zorgbrug.audit.export.tls.trust-store", null, "the file with the CA of "
                    + fhir.base().getHost() + " (FHIR audit repository over https)");
        }
        tls.check();
    }

    /** Whether any repository is configured. */
    public boolean enabled() {
        return atna.enabled() || fhir.enabled();
    }

    /**
     * @param host           the repository's host name (its certificate must name it); empty: no ATNA export
     * @param port           its syslog-TLS port (default 6514, RFC 5425)
     * @param connectTimeout how long a connection and handshake may take (default 10 s)
     */
    public record Atna(String host, Integer port, Duration connectTimeout) {
        public Atna {
            host = host == null || host.isBlank() ? null : host.trim();
            port = port == null ? 6514 : port;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
            if (port < 1 || port > 65535) {
                throw new ConfigurationError("zorgbrug.audit.export.atna.port", port.toString(), "1 to 65535");
            }
        }

        public boolean enabled() {
            return host != null;
        }
    }

    /**
     * @param base    the FHIR server's base URL (http or https); empty: no FHIR export
     * @param timeout how long a POST may take (default 10 s)
     */
    public record Fhir(URI base, Duration timeout) {
        public Fhir {
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            if (base != null && base.toString().isBlank()) {
                base = null;
            }
            if (base != null && !"http".equalsIgnoreCase(base.getScheme()) && !"https".equalsIgnoreCase(base.getScheme())) {
                throw new ConfigurationError("zorgbrug.audit.export.fhir.base", base.toString(),
                        "an http or https URL of a FHIR R4 server (such as https://audit.hospital.example/fhir)");
            }
        }

        public boolean enabled() {
            return base != null;
        }
    }

    /** Key store (the node's key, PKCS12) and trust store (the repository's CA); passwords default to empty. */
    public record Tls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        public Tls {
            keyStorePassword = keyStorePassword == null ? "" : keyStorePassword;
            trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
        }

        void check() {
            if (trustStore != null && !Files.isReadable(trustStore)) {
                throw new ConfigurationError("zorgbrug.audit.export.tls.trust-store", trustStore.toString(),
                        "a readable file (it does not exist or cannot be read)");
            }
            if (keyStore != null && !Files.isReadable(keyStore)) {
                throw new ConfigurationError("zorgbrug.audit.export.tls.key-store", keyStore.toString(),
                        "a readable file (it does not exist or cannot be read)");
            }
        }
    }

    /**
     * @param initial the first wait (default 5 s)
     * @param factor  how it grows per failure in a row (default 2)
     * @param max     the longest wait (default 5 min)
     */
    public record Retry(Duration initial, Double factor, Duration max) {
        public Retry {
            initial = initial == null ? Duration.ofSeconds(5) : initial;
            factor = factor == null ? 2.0 : factor;
            max = max == null ? Duration.ofMinutes(5) : max;
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || factor < 1.0) {
                throw new ConfigurationError("zorgbrug.audit.export.retry", initial + ", " + factor + ", " + max,
                        "0 < initial <= max and factor >= 1");
            }
        }
    }
}

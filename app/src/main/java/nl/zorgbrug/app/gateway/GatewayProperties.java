package nl.zorgbrug.app.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.gateway.*} settings: the DICOM listener, the hospital's issuer of local
 * patient IDs, the routes, study completeness and DICOM TLS. See docs/operations.md.
 */
@ConfigurationProperties("zorgbrug.gateway")
public record GatewayProperties(String bind, int port, String callingAeTitle, String localIssuer, Duration quietTime,
                                Duration emergencyLinger, int maxAssociations, List<RouteProperties> routes, Tls tls) {

    public GatewayProperties {
        bind = bind == null ? "127.0.0.1" : bind;
        callingAeTitle = callingAeTitle == null ? "ZORGBRUG" : callingAeTitle;
        quietTime = quietTime == null ? Duration.ofSeconds(30) : quietTime;
        emergencyLinger = emergencyLinger == null ? Duration.ofSeconds(2) : emergencyLinger;
        maxAssociations = maxAssociations <= 0 ? 100 : maxAssociations;
        routes = routes == null ? List.of() : routes;
    }

    /**
     * @param allowedCallers calling AE titles allowed on this AE (empty: any)
     * @param destination    address-book key of where objects go
     * @param manifest       export routes: when the study manifest follows the study (default WITH_REMARK)
     */
    public record RouteProperties(String name, String calledAeTitle, String direction, String destination,
                                  boolean urgent, List<String> allowedCallers,
                                  nl.zorgbrug.gateway.manifest.ManifestPolicy manifest) {
        public RouteProperties {
            allowedCallers = allowedCallers == null ? List.of() : allowedCallers;
            manifest = manifest == null ? nl.zorgbrug.gateway.manifest.ManifestPolicy.WITH_REMARK : manifest;
        }
    }

    /** Key material for DICOM TLS (PS3.15 B.1): PKCS#12 or JKS files. */
    public record Tls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
                      boolean requireClientCertificate) {
    }
}

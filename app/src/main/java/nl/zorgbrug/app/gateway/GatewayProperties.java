package nl.zorgbrug.app.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import nl.zorgbrug.app.node.SettingValues;

/**
 * The {@code zorgbrug.gateway.*} settings: the DICOM listener, the hospital's issuer of local
 * patient IDs, the routes, study completeness, DICOM TLS and storage commitment. See docs/operations.md.
 *
 * @param commitmentTimeout how long a delivery waits for a receiver's storage commitment report before it
 *                          counts as a transient failure (default 10 minutes)
 * @param commitmentLinger  how long either side waits on the N-ACTION's association for the report to be
 *                          sent there before it goes on a new association (default 1 second)
 * @param maxConnectionsPerAddress connections one remote address may hold on the DICOM listener at once (default
 *                          20; never more than three quarters of {@code maxAssociations}), so idle sockets of one host
 *                          cannot keep other senders out
 */
@ConfigurationProperties("zorgbrug.gateway")
public record GatewayProperties(String bind, int port, String callingAeTitle, String localIssuer, Duration quietTime,
                                Duration emergencyLinger, int maxAssociations, List<RouteProperties> routes, Tls tls,
                                Duration commitmentTimeout, Duration commitmentLinger, int maxConnectionsPerAddress) {

    @ConstructorBinding
    public GatewayProperties {
        bind = bind == null ? "127.0.0.1" : bind;
        callingAeTitle = callingAeTitle == null ? "ZORGBRUG" : callingAeTitle;
        quietTime = quietTime == null ? Duration.ofSeconds(30) : quietTime;
        emergencyLinger = emergencyLinger == null ? Duration.ofSeconds(2) : emergencyLinger;
        maxAssociations = maxAssociations <= 0 ? 100 : maxAssociations;
        routes = routes == null ? List.of() : routes;
        commitmentTimeout = commitmentTimeout == null ? Duration.ofMinutes(10) : commitmentTimeout;
        commitmentLinger = commitmentLinger == null ? Duration.ofSeconds(1) : commitmentLinger;
        maxConnectionsPerAddress = maxConnectionsPerAddress <= 0 ? 20 : maxConnectionsPerAddress;
        checkValues(callingAeTitle, localIssuer, routes);
    }

    /**
     * The values the node refuses to start with (issue 15), named by their key: AE titles a peer could not send
     * (PS3.5 6.2), a local issuer that is not an OID. Destinations are checked against the address book at start
     * ({@link RouteDestinationsCheck}).
     */
    private static void checkValues(String callingAeTitle, String localIssuer, List<RouteProperties> routes) {
        SettingValues.aeTitle("zorgbrug.gateway.calling-ae-title", callingAeTitle);
        SettingValues.oid("zorgbrug.gateway.local-issuer", localIssuer);
        for (int i = 0; i < routes.size(); i++) {
            String key = "zorgbrug.gateway.routes[" + i + "].";
            RouteProperties r = routes.get(i);
            SettingValues.aeTitle(key + "called-ae-title", r.calledAeTitle());
            for (int c = 0; c < r.allowedCallers().size(); c++) {
                SettingValues.aeTitle(key + "allowed-callers[" + c + "]", r.allowedCallers().get(c));
            }
        }
    }

    /** The settings with the connection limit per address at its default. */
    public GatewayProperties(String bind, int port, String callingAeTitle, String localIssuer, Duration quietTime,
                             Duration emergencyLinger, int maxAssociations, List<RouteProperties> routes, Tls tls,
                             Duration commitmentTimeout, Duration commitmentLinger) {
        this(bind, port, callingAeTitle, localIssuer, quietTime, emergencyLinger, maxAssociations, routes, tls,
                commitmentTimeout, commitmentLinger, 0);
    }

    /**
     * @param allowedCallers calling AE titles allowed on this AE (empty: any)
     * @param destination    address-book key of where objects go
     * @param manifest       export routes: when the study manifest follows the study (default WITH_REMARK)
     * @param rules          destinations chosen by the object; the first that matches wins, else {@code destination}
     * @param assumeLocalIssuerFrom export routes: calling AE titles (of our own PACS) whose Patient IDs without an
     *                       Issuer of Patient ID are taken as local numbers (local-issuer); see docs/operations.md
     *                       for the risk. From any other caller such objects are held, as without this setting.
     */
    public record RouteProperties(String name, String calledAeTitle, String direction, String destination,
                                  boolean urgent, List<String> allowedCallers,
                                  nl.zorgbrug.gateway.manifest.ManifestPolicy manifest, List<RuleProperties> rules,
                                  List<String> assumeLocalIssuerFrom) {
        // Two constructors: the binder must be told which one the settings bind to.
        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public RouteProperties {
            allowedCallers = allowedCallers == null ? List.of() : allowedCallers;
            manifest = manifest == null ? nl.zorgbrug.gateway.manifest.ManifestPolicy.WITH_REMARK : manifest;
            rules = rules == null ? List.of() : rules;
            assumeLocalIssuerFrom = assumeLocalIssuerFrom == null ? List.of() : assumeLocalIssuerFrom;
        }

        /** A route that assumes no issuer. */
        public RouteProperties(String name, String calledAeTitle, String direction, String destination, boolean urgent,
                               List<String> allowedCallers, nl.zorgbrug.gateway.manifest.ManifestPolicy manifest,
                               List<RuleProperties> rules) {
            this(name, calledAeTitle, direction, destination, urgent, allowedCallers, manifest, rules, List.of());
        }
    }

    /**
     * A destination rule: objects whose {@code attribute} (a DICOM keyword or (gggg,eeee)) matches the
     * regular expression {@code matches} as a whole go to {@code destination} (an address-book key).
     */
    public record RuleProperties(String attribute, String matches, String destination) {
    }

    /** Key material for DICOM TLS (PS3.15 B.1): PKCS#12 or JKS files. */
    public record Tls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
                      boolean requireClientCertificate) {
    }
}

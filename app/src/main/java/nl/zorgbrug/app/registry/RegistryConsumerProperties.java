package nl.zorgbrug.app.registry;

import java.nio.file.Path;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

import nl.zorgbrug.app.node.ConfigurationError;

/**
 * The node as Document Consumer (issue 20 part 3; docs/availability.md, "Configuration (consumer role)"): off unless
 * {@code enabled}. Then the image timeline asks the registry at {@code url} (ITI-18) and the own PACS (the address-book
 * entry {@code pacs}, by C-FIND).
 *
 * @param url            the registry's ITI-18 endpoint
 * @param user           HTTP Basic user at the registry (none: no credentials sent)
 * @param trustStore     PKCS#12 trust store for the registry's HTTPS certificate (none: the JVM's)
 * @param pacs           the address-book key of the own PACS, asked by C-FIND for "already here" (none: not compared)
 * @param institution    the own hospital's name on rows only the own PACS has (default "eigen PACS")
 * @param zone           the zone the timeline shows times in and the own PACS's study dates are in (default
 *                       Europe/Amsterdam)
 */
@ConfigurationProperties("zorgbrug.registry.consumer")
public record RegistryConsumerProperties(boolean enabled, String url, String user, String password, Path trustStore,
                                         String trustStorePassword, String pacs, String institution, ZoneId zone) {
    private static final String PREFIX = "zorgbrug.registry.consumer.";

    public RegistryConsumerProperties {
        zone = zone == null ? ZoneId.of("Europe/Amsterdam") : zone;
        institution = institution == null || institution.isBlank() ? "eigen PACS" : institution.strip();
        pacs = pacs == null || pacs.isBlank() ? null : pacs.strip();
        if (enabled) {
            if (url == null || url.isBlank()) {
                throw new ConfigurationError(PREFIX + "url", url, "set when " + PREFIX + "enabled is true: the"
                        + " registry's ITI-18 endpoint (docs/availability.md, \"Configuration (consumer role)\")");
            }
            java.net.URI u;
            try {
                u = java.net.URI.create(url.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationError(PREFIX + "url", url, "an http(s) URL of the registry's ITI-18 endpoint ("
                        + e.getMessage() + ")");
            }
            if (!"https".equalsIgnoreCase(u.getScheme()) && !"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new ConfigurationError(PREFIX + "url", url, "an http(s) URL of the registry's ITI-18 endpoint,"
                        + " e.g. https://registry.regio.example:8443/services/xds-iti18");
            }
        }
    }
}

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
 * @param importRoute    the name of the gateway's import route the imported instances go into (import swap to the
 *                       local id, quarantine otherwise, a job to the own PACS)
 * @param repositories   part 6: each repositoryUniqueId the index names, mapped to the source's ITI-43 and, for
 *                       the instances, its WADO-RS root, its RAD-69 endpoint or C-MOVE from the DICOM node of its
 *                       address-book entry ({@code retrieval} chooses: WADO_RS, RAD_69, C_MOVE)
 */
@ConfigurationProperties("zorgbrug.registry.consumer")
public record RegistryConsumerProperties(boolean enabled, String url, String user, String password, Path trustStore,
                                         String trustStorePassword, String pacs, String institution, ZoneId zone,
                                         String importRoute, java.util.List<Repository> repositories) {
    private static final String PREFIX = "zorgbrug.registry.consumer.";

    /** The address of a repository by its repositoryUniqueId; null when none is configured. */
    nl.zorgbrug.registry.consumer.RepositoryAddress repository(String repositoryUniqueId) {
        return repositories.stream().filter(r -> r.repositoryUniqueId().strip().equals(repositoryUniqueId))
                .findFirst().map(Repository::address).orElse(null);
    }

    /**
     * One repository of the region: where its KOS (ITI-43) and its instances are fetched: by WADO-RS ({@code
     * wado-rs-url}, or the DICOMweb root of the address-book entry {@code institution}) or by RAD-69 ({@code
     * rad69-url}) or by C-MOVE from the DICOM node of the address-book entry {@code institution} to the node's move
     * destination ({@code zorgbrug.registry.move-destination}), as {@code retrieval} says (WADO_RS when not given).
     */
    public record Repository(String repositoryUniqueId, String homeCommunityId, String institution, String iti43Url,
                             String wadoRsUrl, String user, String password, String rad69Url,
                             nl.zorgbrug.registry.consumer.RepositoryAddress.Retrieval retrieval) {
        nl.zorgbrug.registry.consumer.RepositoryAddress address() {
            return new nl.zorgbrug.registry.consumer.RepositoryAddress(repositoryUniqueId.strip(), homeCommunityId,
                    institution, iti43Url.strip(), wadoRsUrl, user, password,
                    rad69Url == null || rad69Url.isBlank() ? null : rad69Url.strip(), retrieval);
        }
    }

    public RegistryConsumerProperties {
        repositories = repositories == null ? java.util.List.of() : java.util.List.copyOf(repositories);
        importRoute = importRoute == null || importRoute.isBlank() ? null : importRoute.strip();
        for (int i = 0; i < repositories.size(); i++) {
            Repository r = repositories.get(i);
            if (r.repositoryUniqueId() == null || r.repositoryUniqueId().isBlank()) {
                throw new ConfigurationError(PREFIX + "repositories[" + i + "].repository-unique-id", null, "the"
                        + " repositoryUniqueId (an OID) the index names for this repository");
            }
            if (r.iti43Url() == null || r.iti43Url().isBlank()) {
                throw new ConfigurationError(PREFIX + "repositories[" + i + "].iti43-url", null, "the repository's"
                        + " ITI-43 endpoint, e.g. https://pacs-a.example:8443/services/xds-iti43");
            }
            if (r.retrieval() == nl.zorgbrug.registry.consumer.RepositoryAddress.Retrieval.C_MOVE
                    && (r.institution() == null || r.institution().isBlank())) {
                throw new ConfigurationError(PREFIX + "repositories[" + i + "].institution", null, "the address-book"
                        + " entry of the source's PACS (its AE title, host and port) when retrieval is C_MOVE");
            }
            if (r.retrieval() == nl.zorgbrug.registry.consumer.RepositoryAddress.Retrieval.RAD_69
                    && (r.rad69Url() == null || r.rad69Url().isBlank())) {
                throw new ConfigurationError(PREFIX + "repositories[" + i + "].rad69-url", null, "the source's RAD-69"
                        + " endpoint when retrieval is RAD_69, e.g. https://pacs-a.example:8443/services/xdsi-rad69");
            }
        }
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

package nl.zorgbrug.registry.consumer;

import java.util.Objects;

/**
 * Where a repository the index names is reached (issue 20 part 6): its repositoryUniqueId (and homeCommunityId, for
 * XCA-I later) mapped to the endpoints of the source in the address book: ITI-43 for the KOS, WADO-RS (PS3.18 §10.4)
 * for the instances.
 *
 * @param institution the address-book key of the source (for the audit trail and the person)
 * @param iti43Url    the repository's ITI-43 endpoint
 * @param wadoRsUrl   the source's DICOMweb root, {@code .../studies/...} below it
 * @param user        HTTP Basic at the repository (null: none)
 */
public record RepositoryAddress(String repositoryUniqueId, String homeCommunityId, String institution, String iti43Url,
                                String wadoRsUrl, String user, String password) {
    public RepositoryAddress {
        Objects.requireNonNull(repositoryUniqueId, "repositoryUniqueId");
        Objects.requireNonNull(iti43Url, "iti43Url");
    }
}

package nl.zorgbrug.registry.consumer;

import java.util.Optional;

/**
 * Where a repository the index names is reached (issue 20 part 6: "repositoryUniqueId and homeCommunityId map to
 * endpoints in the address book; a ZORG-AB port"). A port: the node's own configuration answers it
 * ({@link ConfiguredRepositories}), a national address book (ZORG-AB, published as IHE mCSD Endpoints identified by
 * DocRepoId and HCID) is another adapter.
 */
public interface RepositoryDirectory {

    /**
     * The address of the repository with this repositoryUniqueId; when none is known by it, of the community with
     * this homeCommunityId (XDS metadata, ITI TF-3 §4.2.3.2.2; null when the index gave none). Empty when this
     * directory knows neither.
     */
    Optional<RepositoryAddress> find(String repositoryUniqueId, String homeCommunityId);
}

package nl.zorgbrug.registry.consumer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The repositories the node's configuration lists ({@code zorgbrug.registry.consumer.repositories}): an entry names a
 * repositoryUniqueId, a homeCommunityId, or both. A repositoryUniqueId listed wins; otherwise an entry for the
 * repository's community answers with its endpoints for the repository asked (one hospital's sources behind one
 * ITI-43 and one DICOMweb root, whatever repositoryUniqueId they register under).
 */
public final class ConfiguredRepositories implements RepositoryDirectory {
    private final List<RepositoryAddress> entries;

    public ConfiguredRepositories(List<RepositoryAddress> entries) {
        this.entries = List.copyOf(entries);
    }

    @Override
    public Optional<RepositoryAddress> find(String repositoryUniqueId, String homeCommunityId) {
        Objects.requireNonNull(repositoryUniqueId, "repositoryUniqueId");
        String repository = repositoryUniqueId.strip();
        Optional<RepositoryAddress> byRepository = entries.stream()
                .filter(e -> e.repositoryUniqueId() != null && e.repositoryUniqueId().strip().equals(repository))
                .findFirst();
        if (byRepository.isPresent() || homeCommunityId == null || homeCommunityId.isBlank()) {
            return byRepository;
        }
        String community = homeCommunityId.strip();
        return entries.stream()
                .filter(e -> e.homeCommunityId() != null && e.homeCommunityId().strip().equals(community))
                .findFirst()
                .map(e -> new RepositoryAddress(repository, e.homeCommunityId(), e.institution(), e.iti43Url(),
                        e.wadoRsUrl(), e.user(), e.password(), e.rad69Url(), e.retrieval()));
    }
}

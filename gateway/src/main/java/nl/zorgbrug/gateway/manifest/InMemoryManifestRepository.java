package nl.zorgbrug.gateway.manifest;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Manifests in memory, for tests and for trying the node without a database. Thread-safe. */
public final class InMemoryManifestRepository implements ManifestRepository {
    private final Map<Long, StudyManifest> manifests = new ConcurrentHashMap<>();

    @Override
    public void record(long jobId, StudyManifest manifest, Instant at) {
        manifests.put(jobId, manifest);
    }

    @Override
    public Optional<StudyManifest> find(long jobId) {
        return Optional.ofNullable(manifests.get(jobId));
    }
}

package nl.zorgbrug.registry.source;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The node's repository of KOS manifests in a map, for the source side's tests. */
public final class InMemoryKosRepository implements KosRepository {
    private final Map<String, KeptKos> byUid = new ConcurrentHashMap<>();

    @Override
    public void keep(KeptKos kos) {
        if (forJob(kos.jobId()).isPresent() || byUid.putIfAbsent(kos.documentUniqueId(), kos) != null) {
            throw new IllegalStateException("a KOS is kept already for job " + kos.jobId());
        }
    }

    @Override
    public Optional<KeptKos> forJob(long jobId) {
        return byUid.values().stream().filter(k -> k.jobId() == jobId).findFirst();
    }

    @Override
    public Optional<KeptKos> find(String documentUniqueId) {
        return Optional.ofNullable(byUid.get(documentUniqueId));
    }

    @Override
    public void registered(String documentUniqueId, Instant at) {
        byUid.computeIfPresent(documentUniqueId, (k, v) -> new KeptKos(v.documentUniqueId(), v.studyInstanceUid(),
                v.jobId(), v.kos(), v.submission(), v.created(), at));
    }
}

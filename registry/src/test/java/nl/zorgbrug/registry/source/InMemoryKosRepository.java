package nl.zorgbrug.registry.source;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The node's repository of KOS manifests in a map, for the source side's tests. */
public final class InMemoryKosRepository implements KosRepository {
    private final Map<String, KeptKos> byUid = new ConcurrentHashMap<>();
    private final Map<String, KeptReport> reports = new ConcurrentHashMap<>();

    @Override
    public void keepReport(KeptReport report) {
        reports.putIfAbsent(report.documentUniqueId(), report);
    }

    @Override
    public Optional<KeptReport> findReport(String documentUniqueId) {
        return Optional.ofNullable(reports.get(documentUniqueId));
    }

    @Override
    public synchronized void keep(KeptKos kos) {
        Optional<KeptKos> current = forJob(kos.jobId());
        String currentUid = current.map(KeptKos::documentUniqueId).orElse(null);
        if (!Objects.equals(currentUid, kos.replaces()) || byUid.putIfAbsent(kos.documentUniqueId(), kos) != null) {
            throw new IllegalStateException("job " + kos.jobId() + " keeps KOS " + currentUid + "; " + kos
                    .documentUniqueId() + " replaces " + kos.replaces());
        }
    }

    @Override
    public Optional<KeptKos> forJob(long jobId) {
        return byUid.values().stream().filter(k -> k.jobId() == jobId)
                .filter(k -> byUid.values().stream().noneMatch(r -> k.documentUniqueId().equals(r.replaces())))
                .findFirst();
    }

    @Override
    public Optional<KeptKos> find(String documentUniqueId) {
        return Optional.ofNullable(byUid.get(documentUniqueId));
    }

    @Override
    public Optional<KeptKos> registeredForStudy(String studyInstanceUid) {
        return byUid.values().stream().filter(k -> k.studyInstanceUid().equals(studyInstanceUid))
                .filter(k -> k.registered() != null).max(java.util.Comparator.comparing(KeptKos::created)
                        .thenComparing(KeptKos::registered));
    }

    @Override
    public void registered(String documentUniqueId, Instant at) {
        byUid.computeIfPresent(documentUniqueId, (k, v) -> new KeptKos(v.documentUniqueId(), v.studyInstanceUid(),
                v.jobId(), v.kos(), v.submission(), v.created(), at, v.replaces()));
    }
}

package nl.zorgbrug.bgz.receive;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import nl.zorgbrug.bsn.Bsn;

/** Received BgZs in memory (tests). */
public final class InMemoryReceivedBgzStore implements ReceivedBgzStore {
    private final Map<UUID, ReceivedBgz> byId = new ConcurrentHashMap<>();
    private final java.util.Set<UUID> seen = ConcurrentHashMap.newKeySet();

    @Override
    public int unseen() {
        return (int) byId.keySet().stream().filter(id -> !seen.contains(id)).count();
    }

    @Override
    public void markSeen(UUID id, String user, java.time.Instant at) {
        seen.add(id);
    }

    @Override
    public void save(ReceivedBgz received) {
        byId.put(received.id(), received);
    }

    @Override
    public Optional<ReceivedBgz> find(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<ReceivedBgz.Summary> recent(int limit) {
        return byId.values().stream().sorted(Comparator.comparing(ReceivedBgz::receivedAt).reversed()).limit(limit)
                .map(ReceivedBgz::summary).toList();
    }

    @Override
    public List<ReceivedBgz.Summary> forPatient(Bsn patient) {
        return byId.values().stream().filter(r -> r.patient().equals(patient))
                .sorted(Comparator.comparing(ReceivedBgz::receivedAt).reversed()).map(ReceivedBgz::summary).toList();
    }
}

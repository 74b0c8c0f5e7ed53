package nl.zorgbrug.audit.trail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import nl.zorgbrug.audit.event.AuditCodec;

/**
 * The trail in memory (tests and the benchmark). {@link #records()} gives the list itself, so a test can tamper
 * with it as an attacker with database access would.
 */
public final class InMemoryAuditStore implements AuditStore {
    private final List<AuditRecord> records = new ArrayList<>();
    private final List<SignedCheckpoint> checkpoints = new ArrayList<>();
    private final Set<UUID> ids = new HashSet<>();
    private final List<SignedPurge> purges = new ArrayList<>();

    @Override
    public synchronized Optional<AuditRecord> last() {
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    @Override
    public synchronized void append(List<AuditRecord> batch) {
        long next = records.isEmpty() ? 1 : records.get(records.size() - 1).seq() + 1;
        for (AuditRecord r : batch) {
            if (r.seq() != next++) {
                throw new IllegalStateException("audit record " + r.seq() + " does not follow the trail's last"
                        + " record (another writer?); nothing of this batch was kept");
            }
        }
        records.addAll(batch);
        for (AuditRecord r : batch) {
            ids.add(AuditCodec.decode(r.body(), "audit record " + r.seq()).id());
        }
    }

    @Override
    public synchronized List<AuditRecord> read(long after, int limit) {
        List<AuditRecord> out = new ArrayList<>();
        for (AuditRecord r : records) {
            if (r.seq() > after && out.size() < limit) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized List<AuditRecord> forPatient(nl.zorgbrug.bsn.Bsn patient, int limit) {
        List<AuditRecord> out = new ArrayList<>();
        for (AuditRecord r : records) {
            if (out.size() < limit && r.event().patients().stream().anyMatch(p -> patient.equals(p.bsn()))) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public synchronized Set<UUID> existing(Collection<UUID> eventIds) {
        Set<UUID> out = new HashSet<>(eventIds);
        out.retainAll(ids);
        return out;
    }

    @Override
    public synchronized SignedCheckpoint addCheckpoint(SignedCheckpoint checkpoint) {
        SignedCheckpoint kept = checkpoint.withId(checkpoints.size() + 1);
        checkpoints.add(kept);
        return kept;
    }

    @Override
    public synchronized List<SignedCheckpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    @Override
    public synchronized long lastSeqAllBefore(java.time.Instant before) {
        long last = 0;
        for (AuditRecord r : records) {
            if (!r.event().at().isBefore(before)) {
                break;
            }
            last = r.seq();
        }
        return last;
    }

    @Override
    public synchronized SignedPurge addPurge(SignedPurge purge) {
        SignedPurge kept = purge.withId(purges.size() + 1);
        purges.add(kept);
        return kept;
    }

    @Override
    public synchronized List<SignedPurge> purges() {
        return List.copyOf(purges);
    }

    @Override
    public synchronized long removeThrough(long through) {
        long before = records.size();
        records.removeIf(r -> r.seq() <= through);
        return before - records.size();
    }

    /** The stored purge marks themselves, for tests that play the attacker. */
    public List<SignedPurge> purgeMarks() {
        return purges;
    }

    /** The stored records themselves, for tests that play the attacker. */
    public List<AuditRecord> records() {
        return records;
    }
}

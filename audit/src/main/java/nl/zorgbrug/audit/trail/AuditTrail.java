package nl.zorgbrug.audit.trail;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import nl.zorgbrug.audit.event.AuditEvent;

/**
 * The append-only, tamper-evident trail (issue 17; NEN 7513:2018 asks that logged events cannot be changed
 * unnoticed): every record carries the hash of the one before it ({@link AuditRecord}), and {@link #checkpoint()}
 * has the node sign how many records there are and the last one's hash ({@link Checkpoint}). The node checkpoints
 * at a fixed interval and when it stops; {@link TrailVerifier} checks both.
 *
 * <p>Several writers: the node's own threads, and other node processes on the same database (issue 22). Each append
 * reads the head (the last record's seq and hash) under the store's append lock and chains its records from it in the
 * same transaction ({@link AuditStore#appendAfterHead}: in the node a row lock, V56), so two writers never take one
 * seq, and the head is never kept in memory, where another process's appends would make it stale. Checkpoints are
 * signed of the head under the same lock, so their counts never go down whichever node signs
 * ({@link AuditStore#checkpointHead}); the nodes sharing a trail share its key (docs/scaling.md).
 */
public final class AuditTrail implements AuditLog {
    private final AuditStore store;
    private final CheckpointSigner signer;
    private final Clock clock;

    public AuditTrail(AuditStore store, CheckpointSigner signer, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.signer = Objects.requireNonNull(signer);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public synchronized void recordAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<UUID, AuditEvent> byId = new LinkedHashMap<>();
        for (AuditEvent e : events) {
            byId.putIfAbsent(e.id(), e);
        }
        Set<UUID> known = store.existing(byId.keySet());
        store.appendAfterHead(last -> {
            long seq = last.map(AuditRecord::seq).orElse(0L);
            Digest previous = last.map(AuditRecord::hash).orElse(Digest.GENESIS);
            List<AuditRecord> batch = new ArrayList<>(byId.size());
            List<AuditEvent> made = new ArrayList<>(byId.size());
            for (AuditEvent e : byId.values()) {
                if (known.contains(e.id())) {
                    continue;
                }
                AuditRecord r = AuditRecord.chain(++seq, e, previous);
                batch.add(r);
                made.add(e);
                previous = r.hash();
            }
            return new AuditStore.Chained(batch, made);
        });
    }

    /**
     * Signs and keeps a checkpoint of the trail as it is now; none when nothing was added since the last checkpoint
     * kept, by this node or another (so an idle node does not fill the table). Returns the checkpoint, or null.
     */
    public SignedCheckpoint checkpoint() {
        return store.checkpointHead((last, kept) -> {
            long count = last.map(AuditRecord::seq).orElse(0L);
            if (kept.isPresent() && kept.get().checkpoint().count() == count) {
                return null;
            }
            return signer.sign(new Checkpoint(count, last.map(AuditRecord::hash).orElse(Digest.GENESIS),
                    clock.instant()));
        });
    }

    /** How many records the trail holds. */
    public long count() {
        return store.last().map(AuditRecord::seq).orElse(0L);
    }
}

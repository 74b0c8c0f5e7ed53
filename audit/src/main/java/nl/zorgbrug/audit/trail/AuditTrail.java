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
 * <p>One writer: appends are serialised here, and the head is kept in memory after the first read. A failed
 * append (the database refused) forgets the head, so the next append reads it again.
 */
public final class AuditTrail implements AuditLog {
    private final AuditStore store;
    private final CheckpointSigner signer;
    private final Clock clock;
    private AuditRecord head;
    private boolean headKnown;
    private long checkpointedCount = -1;

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
        AuditRecord last = head();
        long seq = last == null ? 0 : last.seq();
        Digest previous = last == null ? Digest.GENESIS : last.hash();
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
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.append(batch, made);
        } catch (RuntimeException e) {
            headKnown = false;
            throw e;
        }
        head = batch.get(batch.size() - 1);
    }

    /**
     * Signs and keeps a checkpoint of the trail as it is now; none when nothing was added since the last one
     * this node signed (so an idle node does not fill the table). Returns the checkpoint, or null.
     */
    public synchronized SignedCheckpoint checkpoint() {
        AuditRecord last = head();
        long count = last == null ? 0 : last.seq();
        if (count == checkpointedCount) {
            return null;
        }
        if (checkpointedCount < 0) {
            List<SignedCheckpoint> kept = store.checkpoints();
            if (!kept.isEmpty() && kept.get(kept.size() - 1).checkpoint().count() == count) {
                checkpointedCount = count;
                return null;
            }
        }
        SignedCheckpoint signed = signer.sign(new Checkpoint(count, last == null ? Digest.GENESIS : last.hash(),
                clock.instant()));
        SignedCheckpoint kept = store.addCheckpoint(signed);
        checkpointedCount = count;
        return kept;
    }

    /** How many records the trail holds. */
    public synchronized long count() {
        AuditRecord last = head();
        return last == null ? 0 : last.seq();
    }

    private AuditRecord head() {
        if (!headKnown) {
            head = store.last().orElse(null);
            headKnown = true;
        }
        return head;
    }
}

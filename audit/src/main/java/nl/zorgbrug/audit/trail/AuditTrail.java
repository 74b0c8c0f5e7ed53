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
    /** Guards {@link #queue} and {@link #appending}. */
    private final Object lock = new Object();
    private List<Pending> queue = new ArrayList<>();
    private boolean appending;

    public AuditTrail(AuditStore store, CheckpointSigner signer, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.signer = Objects.requireNonNull(signer);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Returns once {@code events} are in the trail, committed. Callers recording at the same moment share one append
     * (group commit): each append takes the store's head lock and commits, and with requests that each record an
     * event (ITI-18 records two) one append at a time was where eight clients queued (docs/benchmarks.md, "Where an
     * 8-client ITI-18 waits"). Whichever caller finds no append running takes every queued caller's events and
     * appends them in one transaction; the others wait until theirs are committed or have failed.
     */
    @Override
    public void recordAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Pending mine = new Pending(List.copyOf(events));
        List<Pending> batch = takeQueueOrWait(mine);
        if (batch != null) {
            try {
                appendFor(batch);
            } catch (Error e) {
                // Nobody may return as recorded whose append did not commit.
                batch.forEach(p -> p.failIfOpen(e));
                throw e;
            } finally {
                synchronized (lock) {
                    appending = false;
                    lock.notifyAll();
                }
            }
        }
        mine.rethrowFailure();
    }

    /**
     * Queues {@code mine}; returns the whole queue when this caller is to append it, null once another caller's
     * append has ended {@code mine}. Not interruptible: a caller told that its event is recorded must not have left
     * before the append that holds it committed (the interrupt is kept for the caller to see).
     */
    private List<Pending> takeQueueOrWait(Pending mine) {
        boolean interrupted = false;
        try {
            synchronized (lock) {
                queue.add(mine);
                while (appending && !mine.ended) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (mine.ended) {
                    return null;
                }
                appending = true;
                List<Pending> batch = queue;
                queue = new ArrayList<>();
                return batch;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One append for the batch; if that fails and the batch holds several callers, each caller's events on their
     * own, so that a record the store refuses fails only the caller who brought it.
     */
    private void appendFor(List<Pending> batch) {
        if (batch.size() > 1) {
            try {
                append(batch.stream().flatMap(p -> p.events.stream()).toList());
                batch.forEach(Pending::succeed);
                return;
            } catch (RuntimeException shared) {
                // Retried caller by caller below; the store's transaction left nothing of the shared append.
            }
        }
        for (Pending p : batch) {
            try {
                append(p.events);
                p.succeed();
            } catch (RuntimeException e) {
                p.fail(e);
            }
        }
    }

    /** Chains {@code events} after the head, each event once (an event told again is kept once), in one transaction. */
    private void append(List<AuditEvent> events) {
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

    /** One caller's events, and how their append ended; set by whichever thread appended them. */
    private static final class Pending {
        final List<AuditEvent> events;
        volatile boolean ended;
        volatile Throwable failure;

        Pending(List<AuditEvent> events) {
            this.events = events;
        }

        void succeed() {
            ended = true;
        }

        void fail(Throwable t) {
            failure = t;
            ended = true;
        }

        void failIfOpen(Throwable t) {
            if (!ended) {
                fail(t);
            }
        }

        void rethrowFailure() {
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
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

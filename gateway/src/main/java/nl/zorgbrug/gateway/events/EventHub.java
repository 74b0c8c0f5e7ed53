package nl.zorgbrug.gateway.events;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobEvents;
import nl.zorgbrug.gateway.job.Transactions;

/**
 * The gateway's events, delivered two ways.
 *
 * <ul>
 *   <li><b>In process</b> ({@link #subscribe}): the listener is called on the publisher's thread once the change
 *       is committed ({@link Transactions#afterCommit}), never for a change that was rolled back. A crash between
 *       the commit and the call loses the call: right for metrics and for waking the delivery runner (recovery
 *       finds due jobs anyway), not for an audit trail.</li>
 *   <li><b>Durable</b> ({@link #subscribeDurably}): the event is written to the {@link EventOutbox} inside the
 *       publisher's transaction, so it exists exactly when the change does. The subscriber reads the outbox from
 *       its own position, and records its new position only after it handled an event. A crash at any point
 *       leaves either the change and its event, or neither; after the restart {@link #catchUp} (run by
 *       {@link nl.zorgbrug.gateway.NodeRecovery} before anything is accepted) hands the subscriber what it had
 *       not yet handled: every event at least once, in order. A subscriber that must not count twice keeps the
 *       position in its own transaction, or ignores positions it has seen.</li>
 * </ul>
 *
 * A durable subscriber may also take its events <b>in batches</b> ({@link #subscribeInBatches}): it is not called on
 * the publisher's thread at all, but whenever {@link #catchUp} runs (recovery at start, and in the node a pump at a
 * short interval), with up to {@value #BATCH} events at a time and their positions; its position moves after each
 * batch it handled. For a subscriber whose cost per call is high (the audit trail: one database transaction per
 * batch), which must add nothing to the hot path but the outbox row. With several nodes on one database, one node at
 * a time hands a batch subscriber a batch, in the transaction that moves its position (issue 22), so each batch goes
 * to it once; a subscriber of {@link #subscribeDurably} is for one process only (each publishing node would read and
 * move the same position), which is why the node subscribes in batches.
 *
 * <p>A listener's failure is logged and does not undo the change; a durable subscriber that fails stays at the
 * event and is given it again at the next event or the next start.
 *
 * <p>The hub is also the job manager's {@link JobEvents}: what the manager tells of a job is published here as
 * the matching {@link GatewayEvent}.
 */
public final class EventHub implements GatewayEvents, JobEvents {
    private static final System.Logger LOG = System.getLogger(EventHub.class.getName());
    /** Positions (rows) read from the outbox at a time while catching up; events kept together are one. */
    private static final int BATCH = 500;

    private final Transactions transactions;
    private final EventOutbox outbox;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<DurableSubscription> durable = new CopyOnWriteArrayList<>();
    private final List<BatchSubscription> batched = new CopyOnWriteArrayList<>();

    /** @param transactions the same units of work the job manager runs its changes in */
    public EventHub(Transactions transactions, EventOutbox outbox) {
        this.transactions = Objects.requireNonNull(transactions);
        this.outbox = Objects.requireNonNull(outbox);
    }

    /** In-process events only, with an outbox in memory (tests, benchmarks). */
    public static EventHub inMemory(Transactions transactions) {
        return new EventHub(transactions, new InMemoryEventOutbox());
    }

    /** Adds a listener called after each commit; see the class comment for what it may miss. */
    public void subscribe(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Adds a subscriber that misses no event, even across a crash. {@code name} is its durable position's key:
     * keep it the same across versions. Subscribe before the node accepts anything (its wiring), so no event is
     * published before the outbox is kept.
     */
    public void subscribeDurably(String name, Listener listener) {
        durable.add(new DurableSubscription(name, listener));
    }

    /**
     * Adds a durable subscriber that is handed its events in batches, with their outbox positions, when
     * {@link #catchUp} runs, never on the publisher's thread. Every event at least once, in order; the positions let
     * the subscriber keep each event once. Subscribe before the node accepts anything, as for
     * {@link #subscribeDurably}.
     */
    public void subscribeInBatches(String name, BatchListener listener) {
        batched.add(new BatchSubscription(name, listener));
    }

    /** A durable subscriber that takes events in batches ({@link #subscribeInBatches}). */
    @FunctionalInterface
    public interface BatchListener {
        /** Handles the events, oldest first; when it returns, they count as handled. */
        void on(List<EventOutbox.Kept> batch) throws Exception;
    }

    @Override
    public void stateChanged(Job before, Job after) {
        publish(new GatewayEvent.JobStateChanged(after.id(), after.destination(), after.direction(),
                before == null ? null : before.state(), after.state(), after.reason(), after.bsnVerdict(),
                after.bsnVerdictSent(), after.updated()));
    }

    @Override
    public void delivered(Job job, int instances, java.time.Instant at) {
        publish(new GatewayEvent.Delivered(job.id(), job.destination(), job.direction(), instances, job.bsnVerdict(),
                job.bsnVerdictSent(), at));
    }

    @Override
    public void corrected(Job job, nl.zorgbrug.gateway.job.JobInstance before, nl.zorgbrug.gateway.job.JobInstance after,
                          List<nl.zorgbrug.gateway.job.PatientKey.Part> patient, java.time.Instant at) {
        publish(new GatewayEvent.InstanceCorrected(job.id(), job.destination(), job.direction(), job.studyInstanceUid(),
                after.sopInstanceUid(), before.version(), after.version(), before.acknowledged(),
                patient.isEmpty() ? null : String.join(",", patient.stream().map(Enum::name).toList()), at));
    }

    @Override
    public void personAction(String user, String action, String why, Long jobId, String studyInstanceUid,
                             java.time.Instant at) {
        publish(new GatewayEvent.PersonAction(user, action, why, jobId, studyInstanceUid, at));
    }

    @Override
    public void publish(GatewayEvent event) {
        Objects.requireNonNull(event);
        if (!durable.isEmpty() || !batched.isEmpty()) {
            // Without durable subscribers nobody would read the outbox: it is written only when someone will.
            outbox.append(event);
        }
        transactions.afterCommit(() -> dispatch(event));
    }

    /** As {@link #publish} for each, but kept in the outbox as one row ({@link EventOutbox#append(List)}). */
    @Override
    public void publishTogether(List<GatewayEvent> events) {
        List<GatewayEvent> together = List.copyOf(events);
        if (together.size() == 1) {
            publish(together.get(0));
            return;
        }
        if (!durable.isEmpty() || !batched.isEmpty()) {
            outbox.append(together);
        }
        transactions.afterCommit(() -> {
            together.forEach(this::tell);
            // Once for the row: the durable subscribers read it whole.
            for (DurableSubscription subscription : durable) {
                subscription.catchUp();
            }
        });
    }

    private void dispatch(GatewayEvent event) {
        tell(event);
        for (DurableSubscription subscription : durable) {
            subscription.catchUp();
        }
    }

    /** The in-process listeners. */
    private void tell(GatewayEvent event) {
        for (Listener listener : listeners) {
            try {
                listener.on(event);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "listener " + listener + " failed on " + EventCodec.kind(event)
                        + " (the change is committed; the listener missed it): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Hands one durable subscriber what the outbox holds beyond its position. Each subscriber's pump calls this for its
     * own subscriber only: a pump catching up the whole hub would do every other subscriber's work on its thread too.
     *
     * @throws IllegalArgumentException when no subscriber of that name was subscribed (a wiring error)
     */
    public void catchUp(String name) {
        for (DurableSubscription subscription : durable) {
            if (subscription.name.equals(name)) {
                subscription.catchUp();
                return;
            }
        }
        for (BatchSubscription subscription : batched) {
            if (subscription.name.equals(name)) {
                subscription.catchUp();
                return;
            }
        }
        throw new IllegalArgumentException("no durable subscriber named '" + name + "' on the event hub; subscribe it"
                + " in the node's wiring before its pump starts");
    }

    /** Hands every durable subscriber what the outbox holds beyond its position (recovery at start). */
    public void catchUp() {
        for (DurableSubscription subscription : durable) {
            subscription.catchUp();
        }
        for (BatchSubscription subscription : batched) {
            subscription.catchUp();
        }
    }

    /**
     * Removes from the outbox the events every subscriber has handled (issue 17: the outbox must not grow without
     * bound): those up to the lowest position of the subscribers of this hub and of every subscriber the outbox has
     * a position for (one not running in this process, e.g. switched off for a while, holds the events it has not
     * read; remove its position to let them go). Nothing while a subscriber of this hub has no position yet. At most
     * {@code limit} events per call, so a large backlog goes over several calls in short transactions.
     *
     * @return how many events were removed
     */
    public int prune(int limit) {
        if (durable.isEmpty() && batched.isEmpty()) {
            return 0;
        }
        java.util.Map<String, Long> recorded = outbox.positions();
        long lowest = Long.MAX_VALUE;
        for (DurableSubscription s : durable) {
            lowest = Math.min(lowest, recorded.getOrDefault(s.name, 0L));
        }
        for (BatchSubscription s : batched) {
            lowest = Math.min(lowest, recorded.getOrDefault(s.name, 0L));
        }
        for (long p : recorded.values()) {
            lowest = Math.min(lowest, p);
        }
        return lowest <= 0 ? 0 : outbox.prune(lowest, limit);
    }

    /** One durable subscriber and its position in the outbox. */
    private final class DurableSubscription {
        private final String name;
        private final Listener listener;

        DurableSubscription(String name, Listener listener) {
            this.name = Objects.requireNonNull(name);
            this.listener = Objects.requireNonNull(listener);
        }

        /** Synchronized: two publishers catching up at once would hand the same event twice. */
        synchronized void catchUp() {
            long position = outbox.position(name);
            while (true) {
                List<EventOutbox.Kept> next = outbox.after(position, BATCH);
                for (int i = 0; i < next.size(); i++) {
                    EventOutbox.Kept kept = next.get(i);
                    try {
                        listener.on(kept.event());
                    } catch (Exception e) {
                        LOG.log(System.Logger.Level.ERROR, "durable subscriber " + name + " failed on event "
                                + kept.position() + " (" + EventCodec.kind(kept.event()) + "); it is given the event"
                                + " again at the next event or start: " + e.getMessage(), e);
                        return;
                    }
                    position = kept.position();
                    // After the listener, never before: a crash in between hands it the event again (at least once).
                    // Events kept together share their position: past it only after the last of them, or a crash
                    // in between would lose the rest.
                    if (i == next.size() - 1 || next.get(i + 1).position() != position) {
                        outbox.advance(name, position);
                    }
                }
                if (EventOutbox.positions(next) < BATCH) {
                    return;
                }
            }
        }
    }

    /** One batch subscriber and its position in the outbox. */
    private final class BatchSubscription {
        private final String name;
        private final BatchListener listener;

        BatchSubscription(String name, BatchListener listener) {
            this.name = Objects.requireNonNull(name);
            this.listener = Objects.requireNonNull(listener);
        }

        /**
         * Batch by batch, each in one transaction that claims the subscriber's position ({@link EventOutbox#claim}),
         * reads the batch, hands it over and moves the position (issue 22). While one node's transaction holds the
         * position, another node's catch-up finds it taken and returns at once: with several nodes on one database
         * one of them hands each batch, and hands it once. Writes of the subscriber that run in the same storage join
         * that transaction (the compliance measurement), so they commit with the position; a failed batch rolls back
         * both and is handed again at the next catch-up. Synchronized: one catch-up at a time in this process too.
         */
        synchronized void catchUp() {
            while (true) {
                boolean more;
                try {
                    more = transactions.inOne(this::handOneBatch);
                } catch (HandOverFailed e) {
                    LOG.log(System.Logger.Level.ERROR, "durable subscriber " + name + " failed on the events after "
                            + e.position + "; it is given them again at the next catch-up: "
                            + e.getCause().getMessage(), e.getCause());
                    return;
                }
                if (!more) {
                    return;
                }
            }
        }

        /** One batch inside the running transaction; whether a full batch went (so more may wait). */
        private boolean handOneBatch() {
            java.util.OptionalLong claimed = outbox.claim(name);
            if (claimed.isEmpty()) {
                return false; // another node is handing this subscriber its events now
            }
            long position = claimed.getAsLong();
            List<EventOutbox.Kept> next = outbox.handOut(name, position, BATCH);
            if (next.isEmpty()) {
                return false;
            }
            try {
                listener.on(next);
            } catch (Exception e) {
                // Thrown through the transaction, so the subscriber's joined writes roll back with it.
                throw new HandOverFailed(position, e);
            }
            // Late events (issue 22) come first with positions below the subscriber's: the position only moves on.
            long last = next.stream().mapToLong(EventOutbox.Kept::position).max().getAsLong();
            outbox.advance(name, Math.max(position, last));
            return EventOutbox.positions(next) == BATCH;
        }
    }

    /** A batch subscriber failed on the events after {@code position}: rolls back its batch's transaction. */
    private static final class HandOverFailed extends RuntimeException {
        private final long position;

        HandOverFailed(long position, Exception cause) {
            super(cause);
            this.position = position;
        }
    }
}

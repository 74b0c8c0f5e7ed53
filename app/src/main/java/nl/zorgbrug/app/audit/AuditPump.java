package nl.zorgbrug.app.audit;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.gateway.events.EventHub;

/**
 * Moves the gateway's events from the outbox into the audit trail in batches, off the gateway's hot path, every
 * {@code flush-interval}; signs a checkpoint every {@code checkpoint-interval} and when the node stops (issue 17).
 * Stops after the listeners and the runner (a low phase), so the last events and the last checkpoint are written.
 */
final class AuditPump implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(AuditPump.class);

    private final EventHub events;
    private final AuditTrail trail;
    private final Duration flush;
    private final Duration checkpoint;
    private ScheduledExecutorService executor;

    AuditPump(EventHub events, AuditTrail trail, Duration flush, Duration checkpoint) {
        this.events = events;
        this.trail = trail;
        this.flush = flush;
        this.checkpoint = checkpoint;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-pump");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::flush, flush.toMillis(), flush.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::sign, checkpoint.toMillis(), checkpoint.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Outbox events removed per flush at most: a backlog goes over several flushes, in short transactions. */
    static final int PRUNE_LIMIT = 5_000;

    private void flush() {
        try {
            events.catchUp(nl.zorgbrug.audit.gateway.GatewayAuditor.SUBSCRIPTION);
        } catch (RuntimeException e) {
            LOG.error("audit: taking the gateway's events into the trail failed; they stay in the outbox and are"
                    + " taken at the next try: {}", e.getMessage(), e);
            return;
        }
        try {
            // The outbox keeps only what a subscriber has yet to read (issue 17): the trail holds the rest.
            events.prune(PRUNE_LIMIT);
        } catch (RuntimeException e) {
            LOG.warn("audit: removing handled events from the outbox failed; the next flush tries again: {}",
                    e.getMessage(), e);
        }
    }

    private void sign() {
        try {
            trail.checkpoint();
        } catch (RuntimeException e) {
            LOG.error("audit: signing a checkpoint failed; the next interval tries again: {}", e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
        flush();
        sign();
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Low: started before, stopped after, the DICOM listener and the runner (default phase). */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}

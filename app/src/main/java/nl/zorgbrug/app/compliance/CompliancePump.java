package nl.zorgbrug.app.compliance;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import nl.zorgbrug.gateway.events.EventHub;

/**
 * Takes the gateway's events from the outbox into the measurement every {@code zorgbrug.compliance.flush-interval}, off
 * the gateway's hot path (as the audit pump does for the trail; each pump catches up its own subscriber only, so neither
 * does the other's work on its thread); and hourly the automatic sender digests.
 */
final class CompliancePump implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(CompliancePump.class);

    private final EventHub events;
    private final Duration interval;
    private final Runnable hourly;
    private ScheduledExecutorService executor;

    /** {@code hourly} null: no hourly work (the automatic digests are off). */
    CompliancePump(EventHub events, Duration interval, Runnable hourly) {
        this.events = events;
        this.interval = interval;
        this.hourly = hourly;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "compliance-pump");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        if (hourly != null) {
            // First after 10 minutes: a node that restarts in a loop does not mail at each start.
            executor.scheduleWithFixedDelay(hourly, 10, 60, TimeUnit.MINUTES);
        }
    }

    private void flush() {
        try {
            events.catchUp(nl.zorgbrug.compliance.joblog.JobLogRecorder.SUBSCRIPTION);
        } catch (RuntimeException e) {
            LOG.error("compliance: taking the gateway's events into the measurement failed; they stay in the outbox"
                    + " and are taken at the next try: {}", e.getMessage(), e);
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
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Low: started before, stopped after, the DICOM listener and the runner. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}

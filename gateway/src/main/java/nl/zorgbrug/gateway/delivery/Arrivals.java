package nl.zorgbrug.gateway.delivery;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells deliveries that an instance has arrived on an emergency route. A delivery of an urgent job
 * that has sent everything keeps its association open for a short while and waits here, so the next
 * slice of a CT that is still being acquired goes out at once on the same association, without a new
 * association's set-up (issue 5: "first image out within 1 s of first image in", streaming per instance).
 *
 * <p>A lingering delivery waits for instances of its own job only. When any arrival kept it open, a
 * delivery whose study was complete held its association for as long as other studies kept arriving;
 * a destination that serves one association at a time (dcmtk storescp, many PACS per calling AE) then
 * left the next study's delivery waiting for an A-ASSOCIATE-AC until it timed out after 10 s and was
 * retried after the backoff: its first image went out 20 s late instead of within 1 s (measured with
 * the gateway benchmark, 2026-11-25). For the same reason the wait ends early when an instance of another
 * job for the same destination arrives: the lingering delivery releases its association, so that the other
 * study's delivery can open one at once.
 */
public final class Arrivals {
    /** Jobs remembered: far more than deliveries run at once (JobRunner's workers). */
    private static final int RECENT_JOBS = 1024;
    /** Jobs remembered per destination: more than emergency studies to one institution at once. */
    private static final int RECENT_JOBS_PER_DESTINATION = 64;

    private long version;
    /** The version of each recent job's last arrival; a job forgotten here costs at most a new association. */
    private final Map<Long, Long> lastOfJob = recent(RECENT_JOBS);
    /** Per destination, the version of each recent job's last arrival there. */
    private final Map<String, Map<Long, Long>> lastAtDestination = new HashMap<>();

    private static Map<Long, Long> recent(int size) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > size;
            }
        };
    }

    /** An instance of this job, for this destination, arrived; a delivery that lingers looks for new work. */
    public synchronized void arrived(long jobId, String destination) {
        version++;
        lastOfJob.put(jobId, version);
        Map<Long, Long> there = lastAtDestination.computeIfAbsent(destination, d -> recent(RECENT_JOBS_PER_DESTINATION));
        there.put(jobId, version);
        notifyAll();
    }

    /** The current count, to pass to {@link #awaitAfter} after looking for work. */
    public synchronized long version() {
        return version;
    }

    /**
     * Waits until an instance of this job arrives after {@code seen} was read, at most {@code millis}; true if
     * one did. Arrivals for jobs to other destinations do not end the wait; an arrival for another job to the
     * same destination ends it with false (release the association: that job's delivery needs one).
     */
    public synchronized boolean awaitAfter(long jobId, String destination, long seen, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (lastOfJob.getOrDefault(jobId, 0L) <= seen) {
            if (anotherJobArrived(jobId, destination, seen)) {
                return false;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private boolean anotherJobArrived(long jobId, String destination, long seen) {
        Map<Long, Long> there = lastAtDestination.get(destination);
        if (there == null) {
            return false;
        }
        for (Map.Entry<Long, Long> e : there.entrySet()) {
            if (e.getKey() != jobId && e.getValue() > seen) {
                return true;
            }
        }
        return false;
    }
}

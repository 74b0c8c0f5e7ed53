package nl.zorgbrug.gateway.delivery;

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
 *
 * <p>Only when that other job's delivery holds no association to the destination, though ({@link #connected}): four
 * studies sent at once to a destination that takes several associations (storescp {@code --fork}, a PACS) each
 * have a delivery with an association of their own, and releasing them on each other's arrivals made every
 * delivery open a new association, and take its job again, every few images (issue 22: four parallel senders
 * through the node at 0.11× of four straight to storescp, fewer images per second than one sender).
 */
public final class Arrivals {
    /** Destinations remembered: more than institutions a node sends to at once. */
    private static final int RECENT_DESTINATIONS = 256;
    /** Jobs remembered per destination: more than emergency studies to one institution at once. */
    private static final int RECENT_JOBS_PER_DESTINATION = 64;

    private long version;
    /**
     * Per destination, the version of each recent job's last arrival there; a job forgotten here costs at most
     * a new association.
     */
    private final Map<String, Map<Long, Long>> lastAtDestination = recent(RECENT_DESTINATIONS);
    /** Per destination, the jobs whose delivery holds an association to it now. */
    private final Map<String, java.util.Set<Long>> holding = new java.util.HashMap<>();

    private static <K, V> Map<K, V> recent(int size) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > size;
            }
        };
    }

    /** An instance of this job, for this destination, arrived; a delivery that lingers looks for new work. */
    public synchronized void arrived(long jobId, String destination) {
        version++;
        lastAtDestination.computeIfAbsent(destination, d -> recent(RECENT_JOBS_PER_DESTINATION)).put(jobId, version);
        notifyAll();
    }

    /**
     * A delivery of this job opened an association to the destination: its job's arrivals are its own to send, and
     * do not end another job's linger there.
     */
    public synchronized void connected(long jobId, String destination) {
        holding.computeIfAbsent(destination, d -> new java.util.HashSet<>()).add(jobId);
    }

    /** The delivery of this job closed its association to the destination (call it however the delivery ended). */
    public synchronized void disconnected(long jobId, String destination) {
        java.util.Set<Long> jobs = holding.get(destination);
        if (jobs != null && jobs.remove(jobId) && jobs.isEmpty()) {
            holding.remove(destination);
        }
        notifyAll();
    }

    /** The current count, to pass to {@link #awaitAfter} after looking for work. */
    public synchronized long version() {
        return version;
    }

    /**
     * Waits until an instance of this job arrives after {@code seen} was read, at most {@code millis}; true if
     * one did. Arrivals for jobs to other destinations do not end the wait; an arrival for another job to the
     * same destination ends it with false (release the association: that job's delivery needs one), unless that
     * job's delivery holds an association there already ({@link #connected}).
     */
    public synchronized boolean awaitAfter(long jobId, String destination, long seen, long millis)
            throws InterruptedException {
        return awaitAfter(jobId, destination, seen, millis, () -> false);
    }

    /**
     * As {@link #awaitAfter(long, String, long, long)}, ending with false as soon as {@code giveUp} is true (looked at
     * every 100 ms at most): a node that drains hands its job back without waiting out the linger.
     */
    public synchronized boolean awaitAfter(long jobId, String destination, long seen, long millis,
                                           java.util.function.BooleanSupplier giveUp) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            boolean otherJob = false;
            java.util.Set<Long> connected = holding.getOrDefault(destination, java.util.Set.of());
            for (Map.Entry<Long, Long> e : lastAtDestination.getOrDefault(destination, Map.of()).entrySet()) {
                if (e.getValue() > seen) {
                    if (e.getKey() == jobId) {
                        return true;
                    }
                    otherJob |= !connected.contains(e.getKey());
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (otherJob || left <= 0 || giveUp.getAsBoolean()) {
                return false;
            }
            wait(Math.min(left, 100));
        }
    }
}

package nl.zorgbrug.gateway.delivery;

/**
 * Tells deliveries that an instance has arrived on an emergency route. A delivery of an urgent job
 * that has sent everything keeps its association open for a short while and waits here, so the next
 * slice of a CT that is still being acquired goes out at once on the same association, without a new
 * association's set-up (issue 5: "first image out within 1 s of first image in", streaming per instance).
 */
public final class Arrivals {
    private long version;

    /** An instance arrived (any job); lingering deliveries look for new work. */
    public synchronized void arrived() {
        version++;
        notifyAll();
    }

    /** The current count, to pass to {@link #awaitAfter} after looking for work. */
    public synchronized long version() {
        return version;
    }

    /** Waits until an instance arrives after {@code seen} was read, at most {@code millis}; true if one did. */
    public synchronized boolean awaitAfter(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (version == seen) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}

package nl.zorgbrug.compliance.scan;

/**
 * At most {@code perSecond} operations per second over all threads (files read, or C-FIND/C-GET requests), so a
 * scan does not hurt the archive's storage or the PACS in use. Each caller reserves the next free slot and sleeps
 * until it; 0 means no limit.
 */
public final class Throttle {
    private final long intervalNanos;
    private long nextSlot;

    public Throttle(double perSecond) {
        if (perSecond < 0 || Double.isNaN(perSecond)) {
            throw new IllegalArgumentException("a throttle of " + perSecond + " per second: give 0 (no limit) or more");
        }
        this.intervalNanos = perSecond == 0 ? 0 : (long) (1_000_000_000L / perSecond);
    }

    public static Throttle none() {
        return new Throttle(0);
    }

    public void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }
}

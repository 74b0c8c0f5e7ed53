package nl.zorgbrug.hl7.feed;

import java.time.Duration;

/**
 * Runs an action after changes, on its own thread, at most once per interval however many changes came: the feed
 * can change a thousand patients a second, and looking at every held job and quarantine entry again after each
 * (the node's {@code MpiRecheck}) would cost more than the changes. A change that arrives while the action runs
 * makes it run once more afterwards, so the last change is always followed by a run.
 */
public final class CoalescedRecheck implements Runnable, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CoalescedRecheck.class.getName());

    private final Runnable action;
    private final long intervalMillis;
    private final Thread worker;
    private boolean pending;
    private boolean closed;

    public CoalescedRecheck(Runnable action, Duration interval) {
        this.action = action;
        this.intervalMillis = interval.toMillis();
        this.worker = new Thread(this::loop, "zorgbrug-mpi-recheck");
        worker.setDaemon(true);
        worker.start();
    }

    /** Asks for a run; returns at once. */
    @Override
    public synchronized void run() {
        pending = true;
        notifyAll();
    }

    private void loop() {
        while (true) {
            synchronized (this) {
                while (!pending && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                pending = false;
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                // The next change asks again; the held jobs and entries are still there to be looked at.
                LOG.log(System.Logger.Level.WARNING, "re-check after MPI changes failed: " + e, e);
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
        worker.interrupt();
    }
}

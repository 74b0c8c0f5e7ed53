package nl.zorgbrug.dicom.net.assoc;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long one PDU write may block: a peer that stops reading would otherwise hold a thread
 * forever (blocking socket writes have no timeout). When a write makes no progress in time, the
 * connection is closed, which ends the blocked write and aborts the association (pitfall 2: a send
 * that times out mid-message must not leave the association usable). One timer thread per
 * Connector or Acceptor, started on demand and ended when idle.
 *
 * <p>Each association has one {@link Guard}: a write only notes when it started and that it ended, and one timer
 * task per association looks at the write in progress once per timeout. Issue 22: a timer task scheduled and
 * cancelled for every PDU woke the timer thread twice per PDU (five PDUs per image forwarded, counting the C-STORE
 * responses), and the watchdog thread alone took 0.08-0.11 ms of CPU per image in a profile of the node.
 */
final class WriteWatchdog {
    private final ScheduledThreadPoolExecutor timer;

    WriteWatchdog() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dicom-write-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(10, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * The guard of one association's writes: {@code onTimeout} runs once a write has been in progress for
     * {@code millis} (0 or less: never).
     */
    Guard guard(Runnable onTimeout, int millis) {
        return new Guard(onTimeout, millis);
    }

    void shutdown() {
        timer.shutdownNow();
    }

    /** How many timer tasks were ever scheduled (tests: a look per timeout, not a task per write). */
    long tasksScheduled() {
        return timer.getTaskCount();
    }

    /**
     * One association's writes, one at a time (the association writes under its PDU lock). {@link #started} and
     * {@link #ended} cost a clock read and a volatile write; the timer task is scheduled when a write starts and none
     * is pending, and it runs again at the deadline of the write in progress then, if any: a write blocked for the
     * timeout is caught at its deadline, as when each write had a task of its own.
     */
    final class Guard {
        private final Runnable onTimeout;
        private final long timeoutNanos;
        /** When the write in progress started (System.nanoTime), or 0 when none is. */
        private volatile long writeStarted;
        /** The pending look at the writes; null when none is pending. Guarded by this. */
        private ScheduledFuture<?> pending;
        private boolean closed;

        private Guard(Runnable onTimeout, int millis) {
            this.onTimeout = onTimeout;
            this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        }

        /** A write starts now. */
        void started() {
            if (timeoutNanos == 0) {
                return;
            }
            long now = System.nanoTime();
            writeStarted = now == 0 ? 1 : now;
            synchronized (this) {
                if (pending == null && !closed) {
                    pending = timer.schedule(this::look, timeoutNanos, TimeUnit.NANOSECONDS);
                }
            }
        }

        /** The write that {@link #started} is done (or failed). */
        void ended() {
            writeStarted = 0;
        }

        /** The association is closed: no more looks. */
        synchronized void close() {
            closed = true;
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        /** At a deadline: the write in progress ran out of time, or the look moves to its deadline, or ends. */
        private void look() {
            long started = writeStarted;
            long now = System.nanoTime();
            if (started != 0 && now - started >= timeoutNanos) {
                synchronized (this) {
                    pending = null;
                }
                onTimeout.run();
                return;
            }
            synchronized (this) {
                if (closed) {
                    pending = null;
                } else if (started != 0) {
                    pending = timer.schedule(this::look, started + timeoutNanos - now, TimeUnit.NANOSECONDS);
                } else {
                    // No write in progress: the next one schedules a look. One that started after writeStarted was
                    // read found this look still pending and scheduled none, so look again a timeout from now.
                    pending = writeStarted != 0 ? timer.schedule(this::look, timeoutNanos, TimeUnit.NANOSECONDS) : null;
                }
            }
        }
    }
}

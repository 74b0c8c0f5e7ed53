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

    /** Runs {@code onTimeout} after {@code millis} unless the returned handle is cancelled first; null when off. */
    ScheduledFuture<?> arm(Runnable onTimeout, int millis) {
        return millis <= 0 ? null : timer.schedule(onTimeout, millis, TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        timer.shutdownNow();
    }
}

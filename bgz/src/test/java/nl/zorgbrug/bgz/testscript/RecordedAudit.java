package nl.zorgbrug.bgz.testscript;

import java.util.List;
import java.util.function.Predicate;

import nl.zorgbrug.audit.event.AuditEvent;

/** Counting what a BgZ server put in the trail, for tests. */
public final class RecordedAudit {
    private RecordedAudit() {
    }

    /**
     * The number of audit events matching {@code which} once the server has recorded the last request's: it records a
     * successful request when it has finished processing (HAPI's SERVER_PROCESSING_COMPLETED_NORMALLY), which may be
     * just after the client read the answer. Waits up to 5 s for {@code expected}, then returns what there is.
     */
    public static long count(List<AuditEvent> audit, Predicate<AuditEvent> which, long expected)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        long n = audit.stream().filter(which).count();
        while (n < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            n = audit.stream().filter(which).count();
        }
        return n;
    }
}

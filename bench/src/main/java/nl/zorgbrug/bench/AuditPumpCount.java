package nl.zorgbrug.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditCodec;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.gateway.GatewayAuditor;
import nl.zorgbrug.audit.gateway.PatientLookup;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.Digest;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.gateway.events.EventCodec;
import nl.zorgbrug.gateway.events.EventOutbox;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Counts, not times, the Java work auditing adds per received image (issue 17, "Audit cost on the hot path"): per
 * stage the bytes allocated and the thread's CPU ({@link com.sun.management.ThreadMXBean}), for one pump batch of
 * 250 images (500 outbox events) after warm-up batches. The database statements are not in it: see
 * docs/benchmarks.md for those.
 *
 * <pre>java -cp "bench/target/classes:audit/target/classes:gateway/target/classes:bsn/target/classes:dicom/target/classes" nl.zorgbrug.bench.AuditPumpCount</pre>
 */
public final class AuditPumpCount {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int IMAGES = 250;
    private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");

    private long bytes;
    private long cpu;
    private final boolean print;

    private AuditPumpCount(boolean print) {
        this.print = print;
    }

    public static void main(String[] args) {
        for (int warm = 0; warm < 40; warm++) {
            new AuditPumpCount(false).run();
        }
        new AuditPumpCount(true).run();
    }

    private void run() {
        List<GatewayEvent> events = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            String sop = "1.2.826.0.1.3680043.8.498." + (1_000_000 + i);
            // What Intake.admit publishes for an object that joins its job: ObjectReceived, then JoinedJob.
            events.add(new GatewayEvent.ObjectReceived("ct", Direction.EXPORT, "1.2.826.0.1.3680043.8.498.1", sop,
                    "1.2.840.10008.5.1.4.1.1.2", "MODALITY1", 524_288, GatewayEvent.Decision.FORWARD, Verdict.CORRECT,
                    null, T));
            events.add(new GatewayEvent.JoinedJob(1 + i / 100, "PACS2", Direction.EXPORT, "ct",
                    "1.2.826.0.1.3680043.8.498.1", sop, "1.2.840.10008.5.1.4.1.1.2", "/spool/" + sop, 524_288, false,
                    JobState.values()[0], T));
        }
        start();
        // Since issue 17's last step the two are one outbox row (GatewayEvents.publishTogether).
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < events.size(); i += 2) {
            List<GatewayEvent> together = events.subList(i, i + 2);
            rows.add(new String[] {EventCodec.kind(together), EventCodec.body(together)});
        }
        stop("receiving thread: the object's outbox row's text (EventCodec.body)");
        start();
        List<EventOutbox.Kept> batch = new ArrayList<>();
        long position = 1;
        for (String[] r : rows) {
            for (GatewayEvent e : EventCodec.readAll(r[0], r[1])) {
                batch.add(new EventOutbox.Kept(position, e));
            }
            position++;
        }
        stop("pump: the rows read back (EventCodec.readAll)");
        List<AuditEvent> made = new ArrayList<>();
        GatewayAuditor auditor = new GatewayAuditor(made::addAll, new Actor("node", null, Role.SYSTEM, null),
                PatientLookup.none(), user -> new Actor(user, null, Role.OPERATOR, null));
        start();
        auditor.on(batch);
        stop("pump: the audit events made (GatewayAuditor)");
        start();
        List<AuditRecord> records = new ArrayList<>();
        Digest previous = Digest.GENESIS;
        long seq = 0;
        for (AuditEvent e : made) {
            AuditRecord r = AuditRecord.chain(++seq, e, previous);
            records.add(r);
            previous = r.hash();
        }
        stop("pump: the trail records (canonical text, SHA-256)");
        start();
        int types = 0;
        for (AuditRecord r : records) {
            types += AuditCodec.decode(r.body(), "audit record " + r.seq()).type().ordinal();
        }
        stop("pump: the text decoded again (JdbcAuditStore.append before auditperf)");
        if (print) {
            System.out.printf(Locale.ROOT, "%d trail records of %d events, %d characters each (%d)%n", records.size(),
                    events.size(), records.get(0).body().length(), types);
        }
    }

    private void start() {
        bytes = MX.getCurrentThreadAllocatedBytes();
        cpu = MX.getCurrentThreadCpuTime();
    }

    private void stop(String what) {
        if (print) {
            System.out.printf(Locale.ROOT, "%-72s %8d bytes/image %7.1f us CPU/image%n", what,
                    (MX.getCurrentThreadAllocatedBytes() - bytes) / IMAGES,
                    (MX.getCurrentThreadCpuTime() - cpu) / 1000.0 / IMAGES);
        }
    }
}

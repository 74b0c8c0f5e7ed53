package nl.zorgbrug.gateway;

import java.io.IOException;

import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * Everything a node does after a restart, in one place and in order, before any listener (DICOM, HTTP) accepts
 * anything and before the delivery runner starts:
 * <ol>
 *   <li>the spool drops what was half-written when the node stopped ({@link Spool#recover}): those senders never
 *       heard Success and send again;</li>
 *   <li>jobs that were IN_PROGRESS wait again ({@link JobManager#recoverInterrupted}); their acknowledged
 *       instances are not sent again;</li>
 *   <li>objects the spool kept but the database forgot are admitted again ({@link Intake#readmitUnknown}): the
 *       spool, not the database, is the ground truth of what was acknowledged;</li>
 *   <li>durable event subscribers read on from their position in the outbox ({@link EventHub#catchUp}), so an
 *       event committed just before a crash still reaches the audit trail.</li>
 * </ol>
 */
public final class NodeRecovery {
    private final Spool spool;
    private final JobManager jobs;
    private final Intake intake;
    private final EventHub events;

    /** @param spool the whole spool (all routes' parts) */
    public NodeRecovery(Spool spool, JobManager jobs, Intake intake, EventHub events) {
        this.spool = spool;
        this.jobs = jobs;
        this.intake = intake;
        this.events = events;
    }

    /** What recovery found: all zero after a clean stop. */
    public record Report(int halfWrittenObjects, int interruptedJobs, int readmittedObjects) {
    }

    /** Runs the recovery; call once at start, before anything is accepted. */
    public Report run() throws IOException {
        int halfWritten = spool.recover();
        int interrupted = jobs.recoverInterrupted();
        int readmitted = intake.readmitUnknown();
        events.catchUp();
        return new Report(halfWritten, interrupted, readmitted);
    }
}

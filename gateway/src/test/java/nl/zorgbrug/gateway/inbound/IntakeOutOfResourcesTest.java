package nl.zorgbrug.gateway.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * An object the database cannot record (issue 15, blocker 4: with its disk full, H2 closes the database): the
 * sender hears Out of Resources (0xA700, PS3.4 B.2.3) and sends it again, and the spool keeps no orphan of it.
 */
class IntakeOutOfResourcesTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final TransferSyntax TS = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    @TempDir
    Path tmp;

    /** The database as H2 leaves it after a write failed for want of space: every unit of work fails at its start. */
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Transactions transactions = Transactions.around(new Transactions.Unit() {
        @Override
        public <T> T run(Supplier<T> work) {
            if (closed.get()) {
                // As the repositories pass on the driver's error (H2 2.3 after a failed write: 90098).
                throw new IllegalStateException("could not record the job",
                        new java.sql.SQLException("The database has been closed [90098-232]", "90098"));
            }
            T done = work.get();
            if (commitThenBreak.get()) {
                // The commit reached the database, its answer did not: PostgreSQL stopped under the connection
                // (pgjdbc: "An I/O error occurred while sending to the backend", SQLSTATE 08006).
                throw new IllegalStateException("could not record the job", new java.sql.SQLException(
                        "An I/O error occurred while sending to the backend.", "08006",
                        new java.io.EOFException()));
            }
            return done;
        }
    });
    /** The next units of work commit and then lose their connection (a failover, issue 22). */
    private final AtomicBoolean commitThenBreak = new AtomicBoolean();
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final EventHub events = EventHub.inMemory(transactions);
    private final List<GatewayEvent> heard = new CopyOnWriteArrayList<>();

    private Intake intake(Spool spool) {
        events.subscribe(heard::add);
        JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC(), transactions,
                JobAlerts.logged(), events);
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of(c -> Optional.empty()));
        return new Intake(new Intake.Parts(spool, List.of(route), manager, jobs, new InMemoryQuarantine(),
                Duration.ofMinutes(1), Clock.systemUTC(), events));
    }

    private static IntakeOutcome receive(Intake intake, String study, String sop) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.PatientID, VR.LO, "PAT-7");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).writeDataSet(ds, TS);
        return intake.receive(intake.routeForCalledAe("ZB_EXPORT").orElseThrow(), new Arrival(CT, sop, TS, "PACS"),
                new ByteArrayInputStream(out.toByteArray()));
    }

    private static long files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void anObjectTheDatabaseCannotRecordIsRefusedAsOutOfResourcesAndLeavesNoFile() throws Exception {
        Path root = tmp.resolve("spool");
        Intake intake = intake(new Spool(root));
        closed.set(true);

        IntakeOutcome outcome = receive(intake, "2.25.41", "2.25.41.1");

        assertThat(outcome).isInstanceOfSatisfying(IntakeOutcome.NotRecorded.class, n -> assertThat(n.message())
                .contains("2.25.41.1", "PACS", "export", "0xA700", "The database has been closed"));
        assertThat(outcome.safe()).isFalse();
        assertThat(GatewayStoreHandler.status(outcome).code()).isEqualTo(0xA700);
        assertThat(files(root)).as("no orphan in the spool").isZero();
        assertThat(heard).isEmpty();

        // The database is back: the sender's retry is taken.
        closed.set(false);
        assertThat(receive(intake, "2.25.41", "2.25.41.1")).isInstanceOf(IntakeOutcome.JoinedJob.class);
        assertThat(files(root)).isEqualTo(1);
    }

    @Test
    void aResendOfAnObjectAlreadyRecordedKeepsItsFileWhenTheDatabaseFails() throws Exception {
        Path root = tmp.resolve("spool");
        Intake intake = intake(new Spool(root));
        assertThat(receive(intake, "2.25.42", "2.25.42.1")).isInstanceOf(IntakeOutcome.JoinedJob.class);
        closed.set(true);

        assertThat(receive(intake, "2.25.42", "2.25.42.1")).isInstanceOf(IntakeOutcome.NotRecorded.class);
        assertThat(files(root)).as("the job of the first receive still needs its original").isEqualTo(1);
    }

    /**
     * Issue 22: the primary stopped while the object's unit of work committed. The commit may have reached the
     * database (and, replicated synchronously, the replica that takes over), so the spooled object is kept: here it
     * did, and the job's instance has its file. Before, the file was removed and the delivery failed the job for good
     * ("instance ... is no longer in the spool", DatabaseFailoverTest).
     */
    @Test
    void anObjectWhoseCommitOutcomeIsUnknownKeepsItsFile() throws Exception {
        Path root = tmp.resolve("spool");
        Intake intake = intake(new Spool(root));
        commitThenBreak.set(true);

        IntakeOutcome outcome = receive(intake, "2.25.43", "2.25.43.1");

        assertThat(outcome).isInstanceOfSatisfying(IntakeOutcome.NotRecorded.class, n -> assertThat(n.message())
                .contains("0xA700", "may have recorded it"));
        assertThat(GatewayStoreHandler.status(outcome).code()).as("the sender sends it again").isEqualTo(0xA700);
        assertThat(jobs.instancesBySopInstanceUid("2.25.43.1")).as("recorded after all").hasSize(1);
        assertThat(files(root)).as("the recorded instance's object").isEqualTo(1);

        // The sender's resend, with the database back, joins the same job once and keeps the file.
        commitThenBreak.set(false);
        assertThat(receive(intake, "2.25.43", "2.25.43.1")).isInstanceOf(IntakeOutcome.JoinedJob.class);
        assertThat(jobs.instancesBySopInstanceUid("2.25.43.1")).hasSize(1);
        assertThat(files(root)).isEqualTo(1);
    }

    @Test
    void onlyABrokenConnectionLeavesTheCommitInDoubt() {
        assertThat(Intake.commitOutcomeUnknown(new IllegalStateException(new java.sql.SQLException("x", "08006"))))
                .isTrue();
        assertThat(Intake.commitOutcomeUnknown(new java.sql.SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(Intake.commitOutcomeUnknown(new java.sql.SQLException("io", "", new java.io.EOFException())))
                .isTrue();
        assertThat(Intake.commitOutcomeUnknown(new java.sql.SQLException("The database has been closed", "90098")))
                .isFalse();
        assertThat(Intake.commitOutcomeUnknown(new java.sql.SQLException("could not extend file", "53100"))).isFalse();
        // The pool's answer to the rollback after a failed commit (Spring throws it, and only logs the commit's).
        assertThat(Intake.commitOutcomeUnknown(new IllegalStateException("JDBC rollback failed",
                new java.sql.SQLException("Connection is closed", "08003")))).isTrue();
        // HikariCP's evicted connection: "Connection is closed" without any SQLSTATE (ProxyConnection.ClosedConnection).
        assertThat(Intake.commitOutcomeUnknown(new IllegalStateException("JDBC rollback failed",
                new java.sql.SQLException("Connection is closed")))).isTrue();
        assertThat(Intake.commitOutcomeUnknown(new java.sql.SQLException("Connection refused", "08001"))).isFalse();
        assertThat(Intake.commitOutcomeUnknown(new java.sql.SQLException("Connection is not available", null,
                new java.sql.SQLException("Connection to 127.0.0.1 refused", "08001",
                        new java.net.ConnectException())))).isFalse();
        assertThat(Intake.commitOutcomeUnknown(new java.io.IOException("spool"))).isFalse();
    }
}

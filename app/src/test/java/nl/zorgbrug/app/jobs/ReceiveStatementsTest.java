package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.inbound.Arrival;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.inbound.IntakeOutcome;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.JobEvents;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.Leases;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.app.quarantine.JdbcQuarantine;

/**
 * Issue 22, the node's CPU per image: what one image costs the database, counted in round trips (statements, JDBC
 * batches, commits) on the node's own repositories, H2 and PostgreSQL. Counts, not times: a statement that comes
 * back on the receive or delivery path fails these tests. Before (main at 6f2cf7e): an image joining an urgent job
 * in progress took 7 (the job looked up, its row read for update, the instance row, every object's look-up of
 * earlier copies, the patient's UPDATE matching no row, the outbox row, the commit); a delivery's answer with the
 * next on-the-wire mark 3 (two UPDATEs, the commit).
 */
class ReceiveStatementsTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final TransferSyntax TS = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final int IMAGES = 10;

    @TempDir
    Path tmp;

    /** The node's receive path on one database: the intake, the job manager, the outbox with the audit subscribed. */
    private record Node(CountingDataSource counted, JdbcJobRepository jobs, JobManager manager, Intake intake,
                        Route urgent, Route routine) {
    }

    private Node node(DataSource ds, Path spool) throws IOException {
        CountingDataSource counted = new CountingDataSource(ds);
        JdbcTemplate jdbc = new JdbcTemplate(counted);
        Transactions transactions = transactions(new TransactionTemplate(new DataSourceTransactionManager(counted)),
                null);
        JdbcJobRepository jobs = new JdbcJobRepository(jdbc);
        EventHub hub = new EventHub(transactions, new JdbcEventOutbox(jdbc));
        // As the node: the audit trail reads the outbox, so every object writes its row.
        hub.subscribeInBatches("audit", kept -> { });
        JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC(), transactions,
                JobAlerts.logged(), hub, Leases.alone("node-a"));
        Route urgent = new Route("emergency", "ZB_URGENT", Direction.EXPORT, "umcx", true, List.of(context -> {
            context.verdict(Verdict.NO_BSN);
            return Optional.empty();
        }));
        Route routine = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcy", false, List.of(context -> {
            context.verdict(Verdict.NO_BSN);
            return Optional.empty();
        }));
        Intake intake = new Intake(new Intake.Parts(new nl.zorgbrug.gateway.spool.Spool(spool), List.of(urgent, routine),
                manager, jobs, new JdbcQuarantine(jdbc), Duration.ofMinutes(1), Clock.systemUTC(), hub));
        return new Node(counted, jobs, manager, intake, urgent, routine);
    }

    /** Units of work as the node's (NodeConfiguration); {@code hold}, when given, waits after the work, before the commit. */
    private static Transactions transactions(TransactionTemplate tx, Runnable hold) {
        return Transactions.around(new Transactions.Unit() {
            @Override
            public <T> T run(java.util.function.Supplier<T> work) {
                return tx.execute(status -> {
                    T result = work.get();
                    if (hold != null) {
                        hold.run();
                    }
                    return result;
                });
            }
        });
    }

    private static byte[] object(String study, String sop) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.PatientName, VR.PN, "Test^Patient");
        ds.setString(Tag.PatientID, VR.LO, "PAT-2201");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).writeDataSet(ds, TS);
        return out.toByteArray();
    }

    private static IntakeOutcome.JoinedJob receive(Node node, Route route, String study, String sop) throws IOException {
        IntakeOutcome outcome = node.intake().receive(route, new Arrival(CT, sop, TS, "PACS"),
                new ByteArrayInputStream(object(study, sop)));
        assertThat(outcome).isInstanceOf(IntakeOutcome.JoinedJob.class);
        return (IntakeOutcome.JoinedJob) outcome;
    }

    /** The round trips of each image received, by image. */
    private static List<List<String>> perImage(Node node, Route route, String study, int from) throws IOException {
        List<List<String>> images = new ArrayList<>();
        for (int i = from; i < from + IMAGES; i++) {
            node.counted().reset();
            receive(node, route, study, study + "." + i);
            images.add(node.counted().sent());
        }
        return images;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void anImageJoiningItsJobIsFourRoundTripsOnTheUrgentRouteAndFiveOnARoutineOne(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            Node node = node(ds, tmp.resolve("spool"));

            // Urgent: the first image opens the job, the delivery claims and starts it, the rest join it in progress.
            String study = "2.25.2201";
            long jobId = receive(node, node.urgent(), study, study + ".0").jobId();
            Job claimed = node.manager().claim(Instant.now(), 20).get(0);
            assertThat(node.manager().start(claimed).state()).isEqualTo(JobState.IN_PROGRESS);
            List<List<String>> urgent = perImage(node, node.urgent(), study, 1);
            for (List<String> image : urgent) {
                assertThat(image).as("round trips of an image joining an urgent job in progress, %s", image).hasSize(4);
                assertThat(image.get(0)).contains("for update");
                assertThat(image.get(1)).startsWith("insert into job_instance");
                assertThat(image.get(2)).startsWith("insert into gateway_event");
                assertThat(image.get(3)).isEqualTo("commit");
            }

            // Routine: the job waits for its quiet time, which every image moves on (one UPDATE of the job's row).
            String quiet = "2.25.2202";
            receive(node, node.routine(), quiet, quiet + ".0");
            for (List<String> image : perImage(node, node.routine(), quiet, 1)) {
                assertThat(image).as("round trips of an image joining a waiting job, %s", image).hasSize(5);
                assertThat(image.get(2)).startsWith("update job set");
            }

            // Nothing of what the statements left out is missing: every instance joined once, the patient is the
            // job's, and the urgent job is still the delivery's.
            assertThat(node.jobs().instances(jobId)).hasSize(IMAGES + 1);
            assertThat(node.jobs().patients(List.of(node.jobs().find(jobId).orElseThrow())).get(jobId).id())
                    .isEqualTo("PAT-2201");
            assertThat(node.jobs().find(jobId).orElseThrow().state()).isEqualTo(JobState.IN_PROGRESS);
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void anAnswerWithTheNextOnTheWireMarkIsOneBatchAndItsCommit(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            Node node = node(ds, tmp.resolve("spool"));
            String study = "2.25.2203";
            long jobId = receive(node, node.urgent(), study, study + ".0").jobId();
            for (int i = 1; i <= IMAGES; i++) {
                receive(node, node.urgent(), study, study + "." + i);
            }
            Job claimed = node.manager().claim(Instant.now(), 20).get(0);
            node.manager().start(claimed);
            List<JobInstance> toSend = node.jobs().unacknowledged(jobId);
            node.manager().recordInstance(toSend.get(0).onTheWire());
            for (int i = 0; i < IMAGES; i++) {
                node.counted().reset();
                node.manager().recordInstances(List.of(toSend.get(i).onTheWire().answered(0, true),
                        toSend.get(i + 1).onTheWire()));
                List<String> sent = node.counted().sent();
                assertThat(sent).as("round trips of an answer and the next mark, %s", sent).hasSize(2);
                assertThat(sent.get(0)).startsWith("batch of 2: update job_instance");
                assertThat(sent.get(1)).isEqualTo("commit");
            }
            List<JobInstance> now = node.jobs().instances(jobId);
            assertThat(now.stream().filter(JobInstance::acknowledged).count()).isEqualTo(IMAGES);
            assertThat(now.stream().filter(JobInstance::inDoubt).map(JobInstance::sopInstanceUid).toList())
                    .containsExactly(toSend.get(IMAGES).sopInstanceUid());

            // Another node's name holds no lease: the batch records nothing and says so.
            assertThat(node.jobs().updateInstancesLeased(List.of(toSend.get(IMAGES).answered(0, true)), "node-b",
                    Instant.now())).isFalse();
            assertThat(node.jobs().unacknowledged(jobId)).extracting(JobInstance::sopInstanceUid)
                    .containsExactly(toSend.get(IMAGES).sopInstanceUid());
            // An instance that is not the job's in this version is added, as by updateInstanceLeased.
            JobInstance other = new JobInstance(jobId, study + ".99", CT, 10, 0, true, false);
            assertThat(node.jobs().updateInstancesLeased(List.of(toSend.get(IMAGES).answered(0, true), other),
                    "node-a", Instant.now())).isTrue();
            assertThat(node.jobs().unacknowledged(jobId)).isEmpty();
            assertThat(node.jobs().instances(jobId)).hasSize(IMAGES + 2);
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /**
     * The patient's UPDATE is left out only once its unit committed: a unit rolled back after recording the patient
     * leaves the next image to record it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void aPatientRecordedInAUnitRolledBackIsRecordedByTheNextImage(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            CountingDataSource counted = new CountingDataSource(ds);
            JdbcJobRepository jobs = new JdbcJobRepository(new JdbcTemplate(counted));
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(counted));
            Job job = jobs.save(Job.open("2.25.2204", "UMCX", Direction.EXPORT, null, null, null, Instant.now()));
            try {
                tx.executeWithoutResult(status -> {
                    jobs.recordPatient(job.id(), "Test^Patient", "PAT-1", null);
                    throw new IllegalStateException("the unit fails after the patient's UPDATE");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            assertThat(jobs.patients(List.of(job)).get(job.id()).id()).isNull();
            counted.reset();
            tx.executeWithoutResult(status -> jobs.recordPatient(job.id(), "Test^Patient", "PAT-1", null));
            assertThat(counted.sent()).as("the UPDATE is sent again").anyMatch(s -> s.startsWith("update job set patient"));
            assertThat(jobs.patients(List.of(job)).get(job.id()).id()).isEqualTo("PAT-1");
            counted.reset();
            tx.executeWithoutResult(status -> jobs.recordPatient(job.id(), "Other^Patient", "PAT-2", null));
            assertThat(counted.sent()).as("committed: not sent again").noneMatch(s -> s.startsWith("update job set"));
            assertThat(jobs.patients(List.of(job)).get(job.id()).id()).isEqualTo("PAT-1");
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /**
     * Several nodes on one database (docs/scaling.md): the arrival finds and locks its job in one statement now. Node
     * b finishes the job (DONE) and holds its commit; node a's arrival for the same study waits for it and then reads
     * the job as committed, DONE, and reopens it: the new instance is sent. A stale read (IN_PROGRESS) would join it
     * without reopening, and the instance would never be sent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void anArrivalWhileAnotherNodeFinishesTheJobReopensIt(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        SingleConnectionDataSource second = null;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            second = JobLeaseRepositoryTest.secondConnection(db, schema, ds);
            JdbcJobRepository jobsA = new JdbcJobRepository(new JdbcTemplate(ds));
            JobManager a = new JobManager(jobsA, RetryPolicy.DEFAULT, Clock.systemUTC(),
                    transactions(new TransactionTemplate(new DataSourceTransactionManager(ds)), null),
                    JobAlerts.logged(), JobEvents.none(), Leases.alone("node-a"));
            CountDownLatch workDone = new CountDownLatch(1);
            JdbcJobRepository jobsB = new JdbcJobRepository(new JdbcTemplate(second));
            boolean[] holding = {false};
            JobManager b = new JobManager(jobsB, RetryPolicy.DEFAULT, Clock.systemUTC(),
                    transactions(new TransactionTemplate(new DataSourceTransactionManager(second)), () -> {
                        if (holding[0]) {
                            workDone.countDown();
                            sleep(500);
                        }
                    }), JobAlerts.logged(), JobEvents.none(), Leases.alone("node-b"));
            String study = "2.25.2205";
            Job job = a.accept(study, "UMCX", Direction.EXPORT, null, new JobInstance(0, study + ".1", CT, 10, -1,
                    false, false));
            Job sending = b.start(b.claim(Instant.now(), 20).get(0));
            JobInstance first = jobsB.instances(job.id()).get(0);

            Future<Job> finish = pool.submit(() -> {
                holding[0] = true;
                return b.finish(sending, List.of(first.answered(0, true)), null);
            });
            assertThat(workDone.await(10, TimeUnit.SECONDS)).isTrue();
            long t = System.nanoTime();
            Job arrived = a.accept(study, "UMCX", Direction.EXPORT, null, new JobInstance(0, study + ".2", CT, 10, -1,
                    false, false));
            long waitedMs = (System.nanoTime() - t) / 1_000_000;
            assertThat(finish.get(10, TimeUnit.SECONDS).state()).isEqualTo(JobState.DONE);

            assertThat(waitedMs).as("the arrival waited for node b's commit (its read of the job for update)")
                    .isGreaterThanOrEqualTo(300);
            assertThat(arrived.id()).isEqualTo(job.id());
            assertThat(arrived.state()).as("the job node b finished is reopened").isEqualTo(JobState.WAITING);
            assertThat(jobsA.find(job.id()).orElseThrow().state()).isEqualTo(JobState.WAITING);
            assertThat(jobsA.unacknowledged(job.id())).extracting(JobInstance::sopInstanceUid)
                    .containsExactly(study + ".2");
        } finally {
            pool.shutdownNow();
            if (second != null) {
                second.destroy();
            }
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

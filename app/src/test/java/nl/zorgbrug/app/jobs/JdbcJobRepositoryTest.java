package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;

/**
 * The same migrations and repository on both databases the node supports: embedded H2 (the default)
 * and PostgreSQL (127.0.0.1:5432, database test; each run gets its own schema and drops it).
 */
public class JdbcJobRepositoryTest {
    static final String PG_URL = System.getenv().getOrDefault("ZORGBRUG_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    public static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    /** A fresh, empty database: H2 in memory, or a new schema on the test PostgreSQL. */
    public static DataSource dataSource(String db, String schema) throws Exception {
        if (db.equals("h2")) {
            return new SingleConnectionDataSource("jdbc:h2:mem:" + schema
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", true);
        }
        Connection probe;
        try {
            probe = DriverManager.getConnection(PG_URL, System.getProperty("user.name"), "");
        } catch (Exception e) {
            try {
                probe = DriverManager.getConnection(PG_URL, "postgres", "");
            } catch (Exception e2) {
                String message = "PostgreSQL at " + PG_URL + " is not reachable: " + e2.getMessage();
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(message);
                }
                assumeTrue(false, message);
                return null;
            }
        }
        probe.createStatement().execute("create schema " + schema);
        probe.setSchema(schema);
        return new SingleConnectionDataSource(probe, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void jobsRoundTripAndTheManagerWorksOnTheDatabase(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcJobRepository repo = new JdbcJobRepository(new JdbcTemplate(ds));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            JobManager manager = new JobManager(repo, new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(1), 5),
                    Clock.fixed(now, ZoneOffset.UTC));

            Job job = manager.accept("2.25.7", "UMCX", Direction.EXPORT, "ACC7",
                    new JobInstance(0, "2.25.7.1", "1.2.840.10008.5.1.4.1.1.2", 512, -1, false, false));
            manager.accept("2.25.7", "UMCX", Direction.EXPORT, "ACC7",
                    new JobInstance(0, "2.25.7.1", "1.2.840.10008.5.1.4.1.1.2", 512, -1, false, false));
            assertThat(repo.instances(job.id())).hasSize(1);
            assertThat(repo.find(job.id())).contains(job);
            assertThat(repo.due(now, 10)).extracting(Job::id).containsExactly(job.id());

            Job failed = manager.finish(manager.start(job), List.of(), Failure.ofStatus(0xC000));
            assertThat(repo.find(job.id()).orElseThrow().state()).isEqualTo(JobState.FAILED);
            assertThat(repo.find(job.id()).orElseThrow().reason()).contains("0xC000");
            manager.retry(failed.id(), "operator1");
            assertThat(repo.events(job.id())).contains("operator1 retry FAILED -> WAITING");

            assertThat(repo.unacknowledged(job.id())).extracting(JobInstance::sopInstanceUid).containsExactly("2.25.7.1");
            JobInstance answered = repo.instances(job.id()).get(0).answered(0, true);
            Job done = manager.finish(manager.start(repo.find(job.id()).orElseThrow()), List.of(answered), null);
            assertThat(done.state()).isEqualTo(JobState.DONE);
            assertThat(repo.count(JobState.DONE)).isEqualTo(1);
            assertThat(repo.count(JobState.WAITING)).isZero();
            assertThat(repo.unacknowledged(job.id())).isEmpty();
            assertThat(repo.search(new JobQuery(now.minusSeconds(60), now.plusSeconds(60), JobState.DONE, Direction.EXPORT,
                    "UMCX", "ACC7", null, 10))).extracting(Job::id).containsExactly(job.id());
            assertThat(repo.search(JobQuery.lastTwoWeeks(now.plusSeconds(1)))).hasSize(1);
            // The channel the transport set (issue 21) is kept, and the job manager filters by it.
            assertThat(done.channel()).isNull();
            Job bySftp = manager.deliveringBy(done, nl.zorgbrug.gateway.job.Channel.SFTP);
            assertThat(repo.find(job.id()).orElseThrow().channel()).isEqualTo(nl.zorgbrug.gateway.job.Channel.SFTP);
            assertThat(repo.search(new JobQuery(null, null, null, null, null, null, null, 0,
                    nl.zorgbrug.gateway.job.Channel.SFTP))).extracting(Job::id).containsExactly(bySftp.id());
            assertThat(repo.search(new JobQuery(null, null, null, null, null, null, null, 0,
                    nl.zorgbrug.gateway.job.Channel.LINK))).isEmpty();
            // A DONE job is still the study's current job: a resend joins it (and is de-duplicated).
            assertThat(repo.findOpen("2.25.7", "UMCX", Direction.EXPORT)).map(Job::id).contains(job.id());
            // The Storage Commitment SCP finds instances by SOP Instance UID alone (index of V5), and the flag sticks.
            repo.updateInstance(repo.instances(job.id()).get(0).withCommitted(true));
            assertThat(repo.instancesBySopInstanceUid("2.25.7.1")).singleElement()
                    .satisfies(i -> assertThat(i.jobId()).isEqualTo(job.id()))
                    .satisfies(i -> assertThat(i.committed()).isTrue());
            assertThat(repo.instancesBySopInstanceUid("2.25.7.2")).isEmpty();

            // Issue 15: the history lists the automatic steps with their time, beside the person's action.
            assertThat(repo.history(job.id())).extracting(JdbcJobRepositoryTestSupport::step).containsExactly(
                    "system opened", "system attempt", "system failed", "operator1 retry", "system attempt",
                    "system delivered", "system done");
            assertThat(repo.history(job.id())).allSatisfy(e -> assertThat(e.at()).isEqualTo(now));
            assertThat(repo.history(job.id()).get(2).detail()).contains("0xC000");
            assertThat(repo.history(job.id()).get(5).detail()).isEqualTo("1 instance acknowledged by UMCX");
        } finally {
            drop(db, schema, ds);
        }
    }

    /**
     * Issue 15 on both databases (V13): a job's instance keeps the version it sends, its digest and patient key; an
     * answer for a version a correction replaced is dropped; the verdict of what left is kept beside what arrived.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void versionsOfAnInstanceAndTheVerdictOfWhatLeftAreKept(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcJobRepository repo = new JdbcJobRepository(new JdbcTemplate(ds));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            JobManager manager = new JobManager(repo, new RetryPolicy(Duration.ofSeconds(1), 2, Duration.ofMinutes(1), 5),
                    Clock.fixed(now, ZoneOffset.UTC));
            String patient = "0123456789abcdef:0123456789abcdef:-";
            Job job = manager.accept("2.25.8", "UMCX", Direction.EXPORT, "ACC8", new JobInstance(0, "2.25.8.1",
                    "1.2.840.10008.5.1.4.1.1.2", 512, -1, false, false, 1, "d1", patient), Duration.ZERO, false);
            JobInstance first = repo.instances(job.id()).get(0);
            assertThat(first.version()).isEqualTo(1);
            assertThat(first.digest()).isEqualTo("d1");
            assertThat(first.patient()).isEqualTo(patient);

            manager.accept("2.25.8", "UMCX", Direction.EXPORT, "ACC8", new JobInstance(0, "2.25.8.1",
                    "1.2.840.10008.5.1.4.1.1.2", 600, -1, false, false, 2, "d2", patient), Duration.ZERO, false);
            repo.updateInstance(first.answered(0, true));
            assertThat(repo.instances(job.id())).singleElement().satisfies(i -> {
                assertThat(i.version()).isEqualTo(2);
                assertThat(i.digest()).isEqualTo("d2");
                assertThat(i.size()).isEqualTo(600);
                assertThat(i.acknowledged()).as("the answer was for version 1").isFalse();
            });
            repo.updateInstance(repo.instances(job.id()).get(0).answered(0, true));
            assertThat(repo.unacknowledged(job.id())).isEmpty();
            assertThat(repo.history(job.id())).anyMatch(e -> e.action().equals("corrected"));

            assertThat(repo.find(job.id()).orElseThrow().bsnVerdictSent()).isNull();
            manager.recordVerdictSent(job, nl.zorgbrug.bsn.classify.Verdict.CORRECT);
            Job kept = repo.find(job.id()).orElseThrow();
            assertThat(kept.bsnVerdictSent()).isEqualTo(nl.zorgbrug.bsn.classify.Verdict.CORRECT);
            assertThat(repo.save(kept.withVerdict(nl.zorgbrug.bsn.classify.Verdict.NO_BSN, now)))
                    .isEqualTo(repo.find(job.id()).orElseThrow());
        } finally {
            drop(db, schema, ds);
        }
    }

    /** The marker of a pending automatic retry (V8) is kept, found by the scheduler when due, and cleared. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPendingAutomaticRetryIsKeptAndTheSchedulerTakesItWhenDue(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcJobRepository repo = new JdbcJobRepository(new JdbcTemplate(ds));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            JobManager manager = new JobManager(repo, new RetryPolicy(Duration.ofSeconds(10), 2, Duration.ofMinutes(1), 5),
                    Clock.fixed(now, ZoneOffset.UTC));
            Job a = manager.accept("2.25.8", "UMCX", Direction.EXPORT, "ACC8",
                    new JobInstance(0, "2.25.8.1", "1.2.840.10008.5.1.4.1.1.2", 512, -1, false, false));
            Job b = manager.accept("2.25.9", "UMCX", Direction.EXPORT, "ACC9",
                    new JobInstance(0, "2.25.9.1", "1.2.840.10008.5.1.4.1.1.2", 512, -1, false, false));
            Job c = manager.accept("2.25.10", "UMCX", Direction.EXPORT, "ACC10",
                    new JobInstance(0, "2.25.10.1", "1.2.840.10008.5.1.4.1.1.2", 512, -1, false, false));

            Job retrying = manager.finish(manager.start(a), List.of(),
                    Failure.ofException(new java.net.ConnectException("Connection refused")));
            Job failedForGood = manager.finish(manager.start(b), List.of(), Failure.ofStatus(0xC000));
            Job stored = repo.find(a.id()).orElseThrow();
            assertThat(stored).isEqualTo(retrying);
            assertThat(stored.state()).isEqualTo(JobState.FAILED);
            assertThat(stored.retryAt()).isEqualTo(now.plusSeconds(10));
            assertThat(stored.reason()).contains("automatic retry 1 of 4");
            assertThat(repo.find(b.id()).orElseThrow().retryAt()).isNull();
            assertThat(repo.search(new JobQuery(null, null, JobState.FAILED, null, null, null, null, 0)))
                    .extracting(Job::id).containsExactlyInAnyOrder(a.id(), b.id());

            // Only the WAITING job now; the FAILED one with its retry due, too, earliest first; never the final one.
            assertThat(repo.due(now, 10)).extracting(Job::id).containsExactly(c.id());
            assertThat(repo.due(now.plusSeconds(10), 10)).extracting(Job::id).containsExactly(c.id(), a.id());
            assertThat(repo.due(now.plusSeconds(10), 1)).extracting(Job::id).containsExactly(c.id());
            assertThat(repo.due(now.plus(Duration.ofDays(1)), 10)).extracting(Job::id).doesNotContain(failedForGood.id());

            // A person's retry drops the pending one: the column is cleared, and the job is due now as WAITING.
            Job retried = manager.retry(a.id(), "operator1");
            assertThat(repo.find(a.id()).orElseThrow().retryAt()).isNull();
            assertThat(repo.find(a.id()).orElseThrow().reason()).startsWith("retried by operator1 after: cannot connect");
            assertThat(repo.due(now, 10)).extracting(Job::id, Job::state).contains(
                    org.assertj.core.groups.Tuple.tuple(retried.id(), JobState.WAITING));
        } finally {
            drop(db, schema, ds);
        }
    }

    /**
     * Issue 15: a Patient ID or Accession Number over 64 characters, a Patient Name over 200, failed the intake with
     * a database error. The columns hold what the intake keeps (HeadCheck.MAX_STORED_CHARACTERS, V12), also in
     * characters of three bytes, which the index on the Patient ID must take as well.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void patientValuesAsLongAsTheIntakeKeepsFit(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcJobRepository repo = new JdbcJobRepository(new JdbcTemplate(ds));
            int max = nl.zorgbrug.gateway.inbound.HeadCheck.MAX_STORED_CHARACTERS;
            String accession = "A".repeat(max);
            String name = ("Çelik-Ünal^" + "Zoë".repeat(max)).substring(0, max);
            String id = "\u60a3".repeat(max);
            JobManager manager = new JobManager(repo, RetryPolicy.DEFAULT, Clock.systemUTC());
            Job job = manager.accept("2.25.12", "UMCX", Direction.EXPORT, accession,
                    new JobInstance(0, "2.25.12.1", "1.2.840.10008.5.1.4.1.1.2", 512, -1, false, false));
            // The issuer as long as the qualifiers' Universal Entity ID (UT) may make it: kept up to the column.
            String issuer = "2.16.528." + "1".repeat(max + 10);
            repo.recordPatient(job.id(), name, id, issuer);

            assertThat(repo.find(job.id()).orElseThrow().accessionNumber()).isEqualTo(accession);
            assertThat(repo.patients(List.of(job))).containsEntry(job.id(),
                    new nl.zorgbrug.gateway.job.JobQueries.JobPatient(name, id, issuer.substring(0, max),
                            Direction.EXPORT));
            assertThat(repo.searchByPatient(JobQuery.lastTwoWeeks(Instant.now().plusSeconds(1)), id))
                    .extracting(Job::id).containsExactly(job.id());
        } finally {
            drop(db, schema, ds);
        }
    }

    public static void drop(String db, String schema, DataSource ds) throws Exception {
        if (db.equals("postgresql")) {
            try (Connection c = ds.getConnection()) {
                c.createStatement().execute("drop schema " + schema + " cascade");
            }
        }
        ((SingleConnectionDataSource) ds).destroy();
    }

    /** Test helper kept inside the class file: a history entry as "user action". */
    static final class JdbcJobRepositoryTestSupport {
        static String step(nl.zorgbrug.gateway.job.JobQueries.HistoryEntry e) {
            return e.user() + " " + e.action();
        }
    }
}

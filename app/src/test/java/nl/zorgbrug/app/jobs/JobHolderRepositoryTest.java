package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.HeldLease;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Issue 22, "console and API show which node holds which job; metrics per node": what the console, the API and the
 * gauge read of the leases, on H2 and on PostgreSQL (127.0.0.1:5432, database test). A lease that has passed holds
 * nothing; a job nobody holds is in no map and no filter.
 */
class JobHolderRepositoryTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void theHoldersOfJobsAreReadForTheListTheFilterAndTheGauge(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcJobRepository jobs = new JdbcJobRepository(new JdbcTemplate(ds));
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Job byA1 = started(jobs, "2.25.221.1", t0, "node-a", t0.plusSeconds(30));
            Job byA2 = started(jobs, "2.25.221.2", t0, "node-a", t0.plusSeconds(20));
            Job byB = started(jobs, "2.25.221.3", t0, "node-b", t0.plusSeconds(30));
            Job nobody = jobs.save(Job.open("2.25.221.4", "UMCX", Direction.EXPORT, null, null, null,
                    t0.plusSeconds(3600)));
            List<Long> all = List.of(byA1.id(), byA2.id(), byB.id(), nobody.id());

            assertThat(jobs.leases(all, t0.plusSeconds(1))).containsOnlyKeys(byA1.id(), byA2.id(), byB.id())
                    .containsEntry(byA1.id(), new HeldLease("node-a", t0.plusSeconds(30)))
                    .containsEntry(byB.id(), new HeldLease("node-b", t0.plusSeconds(30)));
            assertThat(jobs.leaseHolders(t0.plusSeconds(1))).containsExactly("node-a", "node-b");
            assertThat(jobs.countHeld("node-a", t0.plusSeconds(1))).isEqualTo(2);
            assertThat(jobs.countHeld("node-b", t0.plusSeconds(1))).isEqualTo(1);
            assertThat(jobs.countHeld("node-c", t0.plusSeconds(1))).isZero();

            JobQuery period = new JobQuery(t0.minusSeconds(60), t0.plusSeconds(7200), null, null, null, null, null, 100);
            assertThat(jobs.search(period.heldBy("node-a", t0.plusSeconds(1)))).extracting(Job::id)
                    .containsExactlyInAnyOrder(byA1.id(), byA2.id());
            assertThat(jobs.search(period.heldBy("node-b", t0.plusSeconds(1)))).extracting(Job::id)
                    .containsExactly(byB.id());
            assertThat(jobs.search(period.heldBy(null, t0))).hasSize(4);

            // 25 s on, the 20 s lease of node-a's second job has passed: nobody holds it any more.
            Instant later = t0.plusSeconds(25);
            assertThat(jobs.leases(all, later)).containsOnlyKeys(byA1.id(), byB.id());
            assertThat(jobs.countHeld("node-a", later)).isEqualTo(1);
            assertThat(jobs.search(period.heldBy("node-a", later))).extracting(Job::id).containsExactly(byA1.id());
            // A lease ended with the job's change (DONE): held by nobody.
            jobs.saveLeased(byB.withState(JobState.DONE, null, later), "node-b", later, false);
            assertThat(jobs.leases(all, later)).doesNotContainKey(byB.id());
            assertThat(jobs.leaseHolders(later)).containsExactly("node-a");
            assertThat(jobs.leases(List.of(), later)).isEmpty();
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /** A job claimed by {@code node} until {@code until} and started (IN_PROGRESS). */
    private static Job started(JdbcJobRepository jobs, String study, Instant t0, String node, Instant until) {
        Job job = jobs.save(Job.open(study, "UMCX", Direction.EXPORT, null, null, null, t0));
        Job claimed = jobs.claim(t0, 1, node, until).get(0);
        assertThat(claimed.id()).isEqualTo(job.id());
        Job started = claimed.withState(JobState.IN_PROGRESS, null, t0);
        assertThat(jobs.saveLeased(started, node, t0, true)).isTrue();
        return started;
    }
}

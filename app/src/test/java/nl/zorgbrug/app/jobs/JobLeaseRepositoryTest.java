package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Issue 22: the job leases in the database, on H2 and on PostgreSQL (127.0.0.1:5432, database test). Two nodes,
 * each on its own connection and in its own transactions, claim the same due jobs at the same time: no job is
 * claimed by both, and every job is claimed.
 */
class JobLeaseRepositoryTest {

    /** One node's view: its own connection, repository and transactions. */
    private record Node(String id, SingleConnectionDataSource ds, JdbcJobRepository jobs, TransactionTemplate tx) {
        static Node on(String id, SingleConnectionDataSource ds) {
            return new Node(id, ds, new JdbcJobRepository(new JdbcTemplate(ds)),
                    new TransactionTemplate(new DataSourceTransactionManager(ds)));
        }
    }

    /** A second connection to the database and schema of {@code first}. */
    static SingleConnectionDataSource secondConnection(String db, String schema, DataSource first)
            throws Exception {
        if (db.equals("h2")) {
            return new SingleConnectionDataSource("jdbc:h2:mem:" + schema
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", true);
        }
        String user;
        try (Connection c = first.getConnection()) {
            user = c.getMetaData().getUserName();
        }
        Connection c = DriverManager.getConnection(JdbcJobRepositoryTest.PG_URL, user, "");
        c.setSchema(schema);
        return new SingleConnectionDataSource(c, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void twoNodesClaimingAtOnceNeverGetTheSameJob(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        SingleConnectionDataSource second = null;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            second = secondConnection(db, schema, ds);
            Node a = Node.on("node-a", (SingleConnectionDataSource) ds);
            Node b = Node.on("node-b", second);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            int count = 300;
            Set<Long> all = new HashSet<>();
            for (int i = 0; i < count; i++) {
                all.add(a.jobs().save(Job.open("2.25.22." + i, "UMCX", Direction.EXPORT, null, null, null,
                        now.minusSeconds(1))).id());
            }
            CyclicBarrier together = new CyclicBarrier(2);
            Future<List<Long>> byA = pool.submit(() -> claimUntilNoneLeft(a, now, together));
            Future<List<Long>> byB = pool.submit(() -> claimUntilNoneLeft(b, now, together));
            List<Long> claimedByA = byA.get();
            List<Long> claimedByB = byB.get();

            Set<Long> both = new HashSet<>(claimedByA);
            both.retainAll(claimedByB);
            assertThat(both).as("jobs claimed by both nodes").isEmpty();
            assertThat(claimedByA).doesNotHaveDuplicates();
            assertThat(claimedByB).doesNotHaveDuplicates();
            Set<Long> claimed = new HashSet<>(claimedByA);
            claimed.addAll(claimedByB);
            assertThat(claimed).isEqualTo(all);
            assertThat(claimedByA).as("both nodes took part").isNotEmpty();
            assertThat(claimedByB).as("both nodes took part").isNotEmpty();
            for (Long id : claimedByB) {
                assertThat(a.jobs().leaseHolder(id, now)).contains("node-b");
            }
        } finally {
            pool.shutdownNow();
            if (second != null) {
                second.destroy();
            }
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /** The job manager of a node on its own connection, each change one transaction there. */
    private static nl.zorgbrug.gateway.job.JobManager manager(Node node) {
        return new nl.zorgbrug.gateway.job.JobManager(node.jobs(), nl.zorgbrug.gateway.job.RetryPolicy.DEFAULT,
                java.time.Clock.systemUTC(), nl.zorgbrug.gateway.job.Transactions.around(
                new nl.zorgbrug.gateway.job.Transactions.Unit() {
                    @Override
                    public <T> T run(java.util.function.Supplier<T> work) {
                        return node.tx().execute(status -> work.get());
                    }
                }), nl.zorgbrug.gateway.job.JobAlerts.logged(), nl.zorgbrug.gateway.job.JobEvents.none(),
                nl.zorgbrug.gateway.job.Leases.alone(node.id()));
    }

    /**
     * The job manager's lock is per node; across nodes the job_opening row (V41) keeps two nodes that receive
     * the first images of a study at the same time from opening two jobs for it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void twoNodesReceivingOneStudyAtOnceOpenOneJob(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        SingleConnectionDataSource second = null;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            second = secondConnection(db, schema, ds);
            Node a = Node.on("node-a", (SingleConnectionDataSource) ds);
            Node b = Node.on("node-b", second);
            int studies = 60;
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<?>> both = new ArrayList<>();
            for (Node node : List.of(a, b)) {
                nl.zorgbrug.gateway.job.JobManager manager = manager(node);
                both.add(pool.submit(() -> {
                    together.await();
                    for (int i = 0; i < studies; i++) {
                        String study = "2.25.2201." + i;
                        manager.accept(study, "UMCX", Direction.EXPORT, null, new JobInstance(0, study + "." + (node == a ? 1 : 2),
                                "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
                    }
                    return null;
                }));
            }
            for (Future<?> f : both) {
                f.get();
            }
            for (int i = 0; i < studies; i++) {
                List<Job> jobs = a.jobs().search(new nl.zorgbrug.gateway.job.JobQuery(null, null, null, null, null,
                        null, "2.25.2201." + i, 0));
                assertThat(jobs).as("jobs of study %s", i).hasSize(1);
                assertThat(a.jobs().instances(jobs.get(0).id())).as("both nodes' instances in it").hasSize(2);
            }
        } finally {
            pool.shutdownNow();
            if (second != null) {
                second.destroy();
            }
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /** Claims a few at a time, each claim and the starts of what it got in one transaction, until none are due. */
    private static List<Long> claimUntilNoneLeft(Node node, Instant now, CyclicBarrier together) throws Exception {
        together.await();
        Instant until = now.plusSeconds(30);
        List<Long> mine = new ArrayList<>();
        // A claim can come back empty while the other node holds the rows it looked at: go on while any is due.
        while (!node.jobs().due(now, 1).isEmpty()) {
            List<Long> got = node.tx().execute(status -> {
                List<Long> ids = new ArrayList<>();
                for (Job job : node.jobs().claim(now, 7, node.id(), until)) {
                    assertThat(node.jobs().saveLeased(job.withState(JobState.IN_PROGRESS, null, now), node.id(),
                            now, true)).isTrue();
                    ids.add(job.id());
                }
                return ids;
            });
            mine.addAll(got);
        }
        return mine;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void aLeaseIsCheckedInEveryChangeAndAnExpiredOneIsTakenOver(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcJobRepository jobs = new JdbcJobRepository(new JdbcTemplate(ds));
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Job job = jobs.save(Job.open("2.25.22.1", "UMCX", Direction.EXPORT, null, null, null, t0));
            JobInstance instance = new JobInstance(job.id(), "2.25.22.1.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false,
                    false);
            jobs.addInstance(instance);

            Job claimed = jobs.claim(t0, 10, "a", t0.plusSeconds(30)).get(0);
            Job started = claimed.withState(JobState.IN_PROGRESS, null, t0);
            assertThat(jobs.saveLeased(started, "b", t0, true)).as("not b's lease").isFalse();
            assertThat(jobs.saveLeased(started, "a", t0, true)).isTrue();
            assertThat(jobs.claim(t0.plusSeconds(29), 10, "b", t0.plusSeconds(59))).isEmpty();
            assertThat(jobs.renewLease(job.id(), "a", t0.plusSeconds(10), t0.plusSeconds(40))).isTrue();
            assertThat(jobs.renewLease(job.id(), "a", t0.plusSeconds(40), t0.plusSeconds(70)))
                    .as("a lease within its margin is not renewed").isFalse();
            assertThat(jobs.interrupted("b", t0)).isEmpty();
            assertThat(jobs.interrupted("a", t0)).extracting(Job::id).containsExactly(job.id());

            // a stopped renewing: 40 s on, b takes the IN_PROGRESS job over.
            Instant later = t0.plusSeconds(41);
            assertThat(jobs.claim(later, 10, "b", later.plusSeconds(30))).extracting(Job::id).containsExactly(job.id());
            assertThat(jobs.leaseHolder(job.id(), later)).contains("b");
            assertThat(jobs.updateInstanceLeased(instance.answered(0, true), "a", later)).isFalse();
            assertThat(jobs.saveLeased(started.withState(JobState.DONE, null, later), "a", later, false)).isFalse();
            assertThat(jobs.instances(job.id()).get(0).acknowledged()).isFalse();
            assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.IN_PROGRESS);

            assertThat(jobs.updateInstanceLeased(instance.answered(0, true), "b", later)).isTrue();
            assertThat(jobs.saveLeased(started.withState(JobState.DONE, null, later), "b", later, false)).isTrue();
            assertThat(jobs.instances(job.id()).get(0).acknowledged()).isTrue();
            assertThat(jobs.leaseHolder(job.id(), later)).as("the lease ended with the delivery").isEmpty();
            assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.DONE);
            assertThat(jobs.claim(later.plus(Duration.ofHours(1)), 10, "a", later)).isEmpty();
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }
}

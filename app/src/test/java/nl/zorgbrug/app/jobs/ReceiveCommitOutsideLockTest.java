package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

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

/**
 * Issue 22: {@link JobManager#atomically} (the intake's unit) releases the manager's lock before its commit, so the
 * commits of concurrent associations can share a disk flush. Between the release and the commit another thread of
 * the node may take the lock: here a delivery finishing the same job. It must not finish the job as DONE on the
 * state before the arrival (the new instance would never be sent): its read of the job row for update waits for the
 * arrival's commit. On H2 and PostgreSQL, one node, a connection per thread as with the node's pool.
 */
class ReceiveCommitOutsideLockTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void aDeliveryFinishingWhileAnArrivalCommitsSeesTheArrival(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource first = JdbcJobRepositoryTest.dataSource(db, schema);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Flyway.configure().dataSource(first).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            DataSource perThread = connections(db, schema, first);
            JdbcJobRepository jobs = new JdbcJobRepository(new JdbcTemplate(perThread));
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(perThread));
            CountDownLatch workDone = new CountDownLatch(1);
            ThreadLocal<Boolean> holdCommit = ThreadLocal.withInitial(() -> false);
            Transactions transactions = Transactions.around(new Transactions.Unit() {
                @Override
                public <T> T run(java.util.function.Supplier<T> work) {
                    return tx.execute(status -> {
                        T result = work.get();
                        if (holdCommit.get()) {
                            // The arrival's work is done and the manager's lock released; its commit comes later.
                            workDone.countDown();
                            try {
                                Thread.sleep(500);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return result;
                    });
                }
            });
            JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, java.time.Clock.systemUTC(), transactions,
                    JobAlerts.logged(), JobEvents.none(), Leases.alone("node-a"));
            String study = "2.25.2222";
            Job job = manager.accept(study, "UMCX", Direction.EXPORT, null, instance("2.25.2222.1"));
            Job sending = manager.start(job);
            JobInstance first1 = jobs.instances(job.id()).get(0);

            Future<Job> arrival = pool.submit(() -> {
                holdCommit.set(true);
                return manager.atomically(() -> manager.accept(study, "UMCX", Direction.EXPORT, null,
                        instance("2.25.2222.2")));
            });
            assertThat(workDone.await(10, TimeUnit.SECONDS)).isTrue();
            long t = System.nanoTime();
            Job finished = manager.finish(sending, List.of(first1.answered(0, true)), null);
            long waitedMs = (System.nanoTime() - t) / 1_000_000;
            arrival.get(10, TimeUnit.SECONDS);

            assertThat(finished.state()).as("an instance joined while the job was sent: it goes round again")
                    .isEqualTo(JobState.WAITING);
            assertThat(waitedMs).as("the finish waited for the arrival's commit (its read of the job row for update)")
                    .isGreaterThanOrEqualTo(300);
            assertThat(jobs.unacknowledged(job.id())).extracting(JobInstance::sopInstanceUid)
                    .containsExactly("2.25.2222.2");
            assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.WAITING);
        } finally {
            pool.shutdownNow();
            JdbcJobRepositoryTest.drop(db, schema, first);
        }
    }

    private static JobInstance instance(String uid) {
        return new JobInstance(0, uid, "1.2.840.10008.5.1.4.1.1.2", 1000, -1, false, false);
    }

    /** A new connection for each transaction, as a pool gives each thread its own; the schema of {@code first}. */
    private static DataSource connections(String db, String schema, DataSource first) throws Exception {
        if (db.equals("h2")) {
            // The first connection keeps the in-memory database open.
            return new DriverManagerDataSource("jdbc:h2:mem:" + schema
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        }
        String user;
        try (Connection c = first.getConnection()) {
            user = c.getMetaData().getUserName();
        }
        return new DriverManagerDataSource(JdbcJobRepositoryTest.PG_URL + "?currentSchema=" + schema, user, "");
    }
}

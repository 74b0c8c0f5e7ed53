package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;

/**
 * The transactional outbox (V9) on both databases: an event is committed exactly when the change it tells of is,
 * and a durable subscriber (the audit trail) that the node stopped before it handled an event gets it after the
 * restart, from its own position.
 */
class JdbcEventOutboxTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void theAuditTrailMissesNoEventWhenTheNodeStopsBetweenTheChangeAndTheTelling(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(ds));
            Transactions transactions = Transactions.around(new Transactions.Unit() {
                @Override
                public <T> T run(Supplier<T> work) {
                    return template.execute(status -> work.get());
                }
            });
            JdbcJobRepository jobs = new JdbcJobRepository(jdbc);

            // The node before the crash: its audit trail listens durably, but the node stops before it writes.
            EventHub before = new EventHub(transactions, new JdbcEventOutbox(jdbc));
            before.subscribeDurably("audit", e -> {
                throw new IllegalStateException("the node stops");
            });
            JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC(), transactions,
                    JobAlerts.logged(), before);
            Job job = manager.accept("2.25.51", "umcx", Direction.EXPORT, null,
                    new JobInstance(0, "2.25.51.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));

            // A change that is rolled back leaves no event either.
            assertThatThrownBy(() -> transactions.inOne(() -> {
                manager.cancel(job.id(), "olga");
                throw new IllegalStateException("the change failed");
            })).hasMessage("the change failed");
            assertThat(manager.get(job.id()).state()).isEqualTo(JobState.WAITING);
            assertThat(jdbc.queryForObject("select count(*) from gateway_event where kind = 'PersonAction'",
                    Integer.class)).isZero();

            manager.cancel(job.id(), "piet");

            // The node starts again: the audit trail reads on from its position.
            EventHub after = new EventHub(transactions, new JdbcEventOutbox(jdbc));
            List<GatewayEvent> audit = new ArrayList<>();
            after.subscribeDurably("audit", audit::add);
            after.catchUp();
            assertThat(audit).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("JobStateChanged", "JobStateChanged", "PersonAction");
            assertThat(audit.get(1)).isInstanceOfSatisfying(GatewayEvent.JobStateChanged.class, c -> {
                assertThat(c.from()).isEqualTo(JobState.WAITING);
                assertThat(c.to()).isEqualTo(JobState.CANCELLED);
            });
            assertThat(audit.get(2)).isInstanceOfSatisfying(GatewayEvent.PersonAction.class, a -> {
                assertThat(a.user()).isEqualTo("piet");
                assertThat(a.action()).isEqualTo("cancel");
                assertThat(a.jobId()).isEqualTo(job.id());
            });
            after.catchUp();
            assertThat(audit).as("handled events are not given again").hasSize(3);
            long last = jdbc.queryForObject("select max(id) from gateway_event", Long.class);
            assertThat(new JdbcEventOutbox(jdbc).position("audit")).isEqualTo(last);

            // Pruning (issue 17): what every subscriber handled goes, bounded per call; what one has not, stays.
            new JdbcEventOutbox(jdbc).advance("compliance", last - 1);
            assertThat(new JdbcEventOutbox(jdbc).positions()).containsEntry("audit", last)
                    .containsEntry("compliance", last - 1);
            assertThat(after.prune(1)).isEqualTo(1);
            assertThat(after.prune(100)).isEqualTo(1);
            assertThat(after.prune(100)).isZero();
            assertThat(jdbc.queryForList("select id from gateway_event", Long.class)).containsExactly(last);
            new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC(), transactions, JobAlerts.logged(), after)
                    .accept("2.25.52", "umcx", Direction.EXPORT, null, new JobInstance(0, "2.25.52.1",
                            "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
            after.catchUp();
            assertThat(audit).as("new events after a prune still reach the subscriber").hasSizeGreaterThan(3);
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /**
     * Issue 17: an object's ObjectReceived and JoinedJob are one row (one insert on the receiving thread), read back as
     * two events with the row's id; rows written before (one event, a body Properties.store wrote with its date
     * comment) read as they did.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void anObjectsEventsAreOneRowAndRowsOfBeforeStillRead(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            java.time.Instant t = java.time.Instant.parse("2026-12-06T16:00:00Z");
            GatewayEvent.JobStateChanged old = new GatewayEvent.JobStateChanged(7, "umcx", Direction.EXPORT,
                    JobState.IN_PROGRESS, JobState.FAILED, "the receiver said: no = ë", t);
            java.util.Properties former = new java.util.Properties();
            former.load(new java.io.StringReader(nl.zorgbrug.gateway.events.EventCodec.body(old)));
            java.io.StringWriter written = new java.io.StringWriter();
            former.store(written, null);
            jdbc.update("insert into gateway_event (kind, at, body) values (?,?,?)", "JobStateChanged",
                    java.sql.Timestamp.from(t), written.toString());

            GatewayEvent received = new GatewayEvent.ObjectReceived("export", Direction.EXPORT, "2.25.53", "2.25.53.1",
                    "1.2.840.10008.5.1.4.1.1.2", "PACS", 525_000, GatewayEvent.Decision.FORWARD, null, t);
            GatewayEvent joined = new GatewayEvent.JoinedJob(7, "umcx", Direction.EXPORT, "export", "2.25.53",
                    "2.25.53.1", "1.2.840.10008.5.1.4.1.1.2", "/spool/2.25.53.1.dcm", 525_000, true, JobState.WAITING, t);
            JdbcEventOutbox outbox = new JdbcEventOutbox(jdbc);
            long position = outbox.append(List.of(received, joined));

            assertThat(jdbc.queryForObject("select count(*) from gateway_event", Integer.class)).isEqualTo(2);
            assertThat(jdbc.queryForObject("select kind from gateway_event where id = ?", String.class, position))
                    .isEqualTo("ObjectReceived+JoinedJob");
            List<nl.zorgbrug.gateway.events.EventOutbox.Kept> kept = outbox.after(0, 10);
            assertThat(kept).extracting(nl.zorgbrug.gateway.events.EventOutbox.Kept::event)
                    .containsExactly(old, received, joined);
            assertThat(kept).extracting(nl.zorgbrug.gateway.events.EventOutbox.Kept::position)
                    .containsExactly(position - 1, position, position);
            assertThat(outbox.after(0, 1)).extracting(nl.zorgbrug.gateway.events.EventOutbox.Kept::event)
                    .as("the limit counts rows").containsExactly(old);
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /**
     * Issue 22, the commit-order gap: an event whose unit of work commits after a higher id was handed (another node,
     * or another thread, wrote it) is handed too, once, at the next catch-up; one whose unit is rolled back is given up;
     * pruning keeps an event whose id a subscriber passed while it may still commit. Before V57 the subscriber's
     * position passed the late event for good and this test failed on it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void anEventCommittedAfterAHigherOneWasHandedIsHandedOnce(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        org.springframework.jdbc.datasource.SingleConnectionDataSource other = null;
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(ds));
            Transactions transactions = Transactions.around(new Transactions.Unit() {
                @Override
                public <T> T run(Supplier<T> work) {
                    return template.execute(status -> work.get());
                }
            });
            EventHub hub = new EventHub(transactions, new JdbcEventOutbox(jdbc));
            List<String> handed = new ArrayList<>();
            hub.subscribeInBatches("audit", batch -> batch.forEach(k ->
                    handed.add(((GatewayEvent.PersonAction) k.event()).user())));

            // Another writer's unit of work takes an id and stays open...
            other = JobLeaseRepositoryTest.secondConnection(db, schema, ds);
            java.sql.Connection slow = other.getConnection();
            slow.setAutoCommit(false);
            new JdbcEventOutbox(new JdbcTemplate(other)).append(action("slow"));
            // ...while this node's unit with the next id commits, and the subscriber is handed it.
            transactions.inOne(() -> {
                hub.publish(action("quick"));
                return null;
            });
            hub.catchUp("audit");
            assertThat(handed).containsExactly("quick");

            slow.commit();
            hub.catchUp("audit");
            assertThat(handed).as("the event that committed late is handed too").containsExactly("quick", "slow");
            hub.catchUp("audit");
            assertThat(handed).as("and only once").hasSize(2);

            // A unit rolled back leaves an id that never commits: handed nothing, and pruning keeps what follows it
            // until it is given up (HOLE_KEPT).
            new JdbcEventOutbox(new JdbcTemplate(other)).append(action("rolled back"));
            transactions.inOne(() -> {
                hub.publish(action("after"));
                return null;
            });
            slow.rollback();
            hub.catchUp("audit");
            hub.catchUp("audit");
            assertThat(handed).containsExactly("quick", "slow", "after");
            long afterId = jdbc.queryForObject("select max(id) from gateway_event", Long.class);
            hub.prune(100);
            assertThat(jdbc.queryForList("select id from gateway_event", Long.class))
                    .as("kept from the id that may still commit").containsExactly(afterId);
            jdbc.update("update gateway_event_hole set seen = ?", java.sql.Timestamp.from(java.time.Instant.now()
                    .minus(JdbcEventOutbox.HOLE_KEPT).minusSeconds(1)));
            hub.catchUp("audit");
            hub.prune(100);
            assertThat(jdbc.queryForList("select id from gateway_event", Long.class)).as("given up, pruned").isEmpty();
            assertThat(handed).hasSize(3);
        } finally {
            if (other != null) {
                other.destroy();
            }
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    private static GatewayEvent action(String user) {
        return new GatewayEvent.PersonAction(user, "cancel", "generated", 1L, "2.25.57.1", java.time.Instant.now());
    }
}

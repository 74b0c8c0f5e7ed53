package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.audit.trail.TrailVerifier;
import nl.zorgbrug.audit.trail.Verification;

/**
 * Issue 22: two nodes on one database append to one audit trail at the same time, each with its own trail object,
 * connection and transactions (as two node processes do: person events written where the request arrived, the pump's
 * batches on whichever node holds the subscriber), and each checkpoints now and then with the key the nodes share.
 * Every event is kept once, the seqs run 1..n without a gap, and {@code audit verify}'s check finds the trail intact.
 * Before V56 each trail kept the head it last wrote in memory, so the second writer chained from a stale head: its
 * batch failed on a seq the other had taken (the node's log showed it in the two-node drain test), and a checkpoint
 * signed from a stale head could count fewer records than an earlier one. On H2 and on PostgreSQL.
 */
class AuditTrailTwoNodesTest {
    private static final int EVENTS_PER_NODE = 400;

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void twoNodesAppendingAtOnceKeepOneChainThatVerifies(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        SingleConnectionDataSource second = null;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            second = secondConnection(db, schema, ds);
            // The nodes sharing a trail share its signing key (docs/scaling.md): one key verifies every checkpoint.
            NodeKey key = NodeKey.generate();
            Clock clock = Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC);
            AuditTrail a = new AuditTrail(new JdbcAuditStore(ds), key, clock);
            AuditTrail b = new AuditTrail(new JdbcAuditStore(second), key, clock);
            // The trail's first record is read by both before either writes: each would cache the empty head.
            assertThat(a.count()).isZero();
            assertThat(b.count()).isZero();

            CyclicBarrier together = new CyclicBarrier(2);
            Future<Integer> byA = pool.submit(() -> write(a, 1, together, new Random(1)));
            Future<Integer> byB = pool.submit(() -> write(b, 100_001, together, new Random(2)));
            int checkpoints = byA.get(3, TimeUnit.MINUTES) + byB.get(3, TimeUnit.MINUTES);

            JdbcTemplate jdbc = new JdbcTemplate(ds);
            assertThat(jdbc.queryForObject("select count(*) from audit_record", Long.class))
                    .isEqualTo(2L * EVENTS_PER_NODE);
            assertThat(jdbc.queryForObject("select count(distinct event_id) from audit_record", Long.class))
                    .as("every event once").isEqualTo(2L * EVENTS_PER_NODE);
            assertThat(jdbc.queryForObject("select max(seq) from audit_record", Long.class))
                    .as("seqs without a gap").isEqualTo(2L * EVENTS_PER_NODE);
            List<Long> counts = jdbc.queryForList("select record_count from audit_checkpoint order by id", Long.class);
            assertThat(counts).as("checkpoints kept, their counts never going down").isNotEmpty().isSorted();
            assertThat(checkpoints).isEqualTo(counts.size());

            Verification v = new TrailVerifier(new JdbcAuditStore(ds), key.publicKey()).verify();
            assertThat(v.intact()).as("%s", v.finding()).isTrue();
            assertThat(v.records()).isEqualTo(2L * EVENTS_PER_NODE);
            System.out.printf("audit trail, two writers on %s: %d records, %d checkpoints, verified intact%n", db,
                    v.records(), v.checkpoints());
        } finally {
            pool.shutdownNow();
            if (second != null) {
                second.destroy();
            }
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    /** The second node's own connection to the same database (H2 in memory by name, or the same schema). */
    private static SingleConnectionDataSource secondConnection(String db, String schema, DataSource first)
            throws Exception {
        if (db.equals("h2")) {
            return new SingleConnectionDataSource("jdbc:h2:mem:" + schema
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", true);
        }
        String user;
        String url;
        try (java.sql.Connection c = first.getConnection()) {
            user = c.getMetaData().getUserName();
            url = c.getMetaData().getURL();
        }
        java.sql.Connection c = java.sql.DriverManager.getConnection(url, user, "");
        c.setSchema(schema);
        return new SingleConnectionDataSource(c, true);
    }

    /** Appends the node's events in batches of 1 to 8, checkpointing after about every 50; returns checkpoints kept. */
    private static int write(AuditTrail trail, int first, CyclicBarrier together, Random random) throws Exception {
        together.await(1, TimeUnit.MINUTES);
        int checkpoints = 0;
        int n = first;
        int last = first + EVENTS_PER_NODE - 1;
        while (n <= last) {
            List<AuditEvent> batch = new ArrayList<>();
            for (int size = 1 + random.nextInt(8); size > 0 && n <= last; size--, n++) {
                batch.add(TestEvents.numbered(n, Instant.parse("2026-12-06T08:00:00Z").plusMillis(n)));
            }
            trail.recordAll(batch);
            if (random.nextInt(50 / 4) == 0 && trail.checkpoint() != null) {
                checkpoints++;
            }
        }
        return checkpoints;
    }
}

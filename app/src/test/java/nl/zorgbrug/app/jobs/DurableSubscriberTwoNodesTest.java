package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.EventOutbox;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Transactions;

/**
 * Issue 22: two nodes on one database, each with its own event hub, connection and transactions, pump one durable
 * batch subscriber (as the audit pump does) at the same time. Every event is handed exactly once, in order, and a
 * node whose catch-up finds the subscriber taken by the other returns at once instead of handing the batch again.
 * On H2 and on PostgreSQL (127.0.0.1:5432, database test).
 */
class DurableSubscriberTwoNodesTest {
    private static final String SUBSCRIBER = "audit";

    /** One node: its own connection, transactions and hub, and the positions its subscriber was handed. */
    private static final class Node {
        final String id;
        final Transactions transactions;
        final EventHub hub;
        final JdbcEventOutbox outbox;
        final List<Long> handed = Collections.synchronizedList(new ArrayList<>());
        /** Runs inside the node's batch, while it holds the subscriber; null for none. */
        volatile Runnable duringBatch;

        Node(String id, SingleConnectionDataSource ds, List<Long> everyHandOver) {
            this.id = id;
            TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(ds));
            this.transactions = Transactions.around(new Transactions.Unit() {
                @Override
                public <T> T run(Supplier<T> work) {
                    return template.execute(status -> work.get());
                }
            });
            this.outbox = new JdbcEventOutbox(new JdbcTemplate(ds));
            this.hub = new EventHub(transactions, outbox);
            hub.subscribeInBatches(SUBSCRIBER, batch -> {
                for (EventOutbox.Kept kept : batch) {
                    handed.add(kept.position());
                    everyHandOver.add(kept.position());
                }
                Runnable during = duringBatch;
                if (during != null) {
                    during.run();
                }
            });
        }

        void publish(int count) {
            transactions.inOne(() -> {
                for (int i = 0; i < count; i++) {
                    hub.publish(new GatewayEvent.PersonAction(id + "-user" + i, "cancel", "generated", (long) i,
                            "2.25.22." + i, Instant.now()));
                }
                return null;
            });
        }

        /** The pump's loop until the subscriber has every event up to {@code last}, whoever hands them. */
        Void pumpUntil(long last, CyclicBarrier together) throws Exception {
            together.await(1, TimeUnit.MINUTES);
            while (outbox.position(SUBSCRIBER) < last) {
                hub.catchUp(SUBSCRIBER);
                Thread.onSpinWait();
            }
            return null;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void twoNodesPumpingOneSubscriberHandEveryEventOnceInOrder(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        SingleConnectionDataSource second = null;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            second = JobLeaseRepositoryTest.secondConnection(db, schema, ds);
            List<Long> everyHandOver = Collections.synchronizedList(new ArrayList<>());
            Node a = new Node("node-a", (SingleConnectionDataSource) ds, everyHandOver);
            Node b = new Node("node-b", second, everyHandOver);
            JdbcTemplate jdbc = new JdbcTemplate(ds);

            // A backlog of several batches (500 each), published on both nodes, and no position yet: both pumps
            // start together, so both may make the subscriber's row at once.
            a.publish(1_300);
            b.publish(1_300);
            List<Long> all = jdbc.queryForList("select id from gateway_event order by id", Long.class);
            long last = all.get(all.size() - 1);
            CyclicBarrier together = new CyclicBarrier(2);
            Future<Void> byA = pool.submit(() -> a.pumpUntil(last, together));
            Future<Void> byB = pool.submit(() -> b.pumpUntil(last, together));
            byA.get(2, TimeUnit.MINUTES);
            byB.get(2, TimeUnit.MINUTES);

            assertThat(everyHandOver).as("every event exactly once").hasSize(all.size())
                    .containsExactlyInAnyOrderElementsOf(all);
            assertThat(everyHandOver).as("in order: one node at a time hands a batch").isSorted();
            assertThat(a.outbox.position(SUBSCRIBER)).isEqualTo(last);

            // While node A holds the subscriber in its batch, node B's catch-up returns at once with nothing
            // handed: it neither waits for A nor hands A's events again.
            a.publish(10);
            int bBefore = b.handed.size();
            List<Long> handedByBMeanwhile = new ArrayList<>();
            List<Exception> failed = new ArrayList<>();
            a.duringBatch = () -> {
                a.duringBatch = null;
                try {
                    pool.submit(() -> b.hub.catchUp(SUBSCRIBER)).get(1, TimeUnit.MINUTES);
                } catch (Exception e) {
                    failed.add(e);
                }
                handedByBMeanwhile.addAll(b.handed.subList(bBefore, b.handed.size()));
            };
            a.hub.catchUp(SUBSCRIBER);
            assertThat(failed).as("B's catch-up returned while A held the subscriber").isEmpty();
            assertThat(handedByBMeanwhile).as("B handed nothing while A held the subscriber").isEmpty();
            List<Long> now = jdbc.queryForList("select id from gateway_event order by id", Long.class);
            assertThat(everyHandOver).as("A handed the new events, once").hasSize(now.size())
                    .containsExactlyInAnyOrderElementsOf(now);
            b.hub.catchUp(SUBSCRIBER);
            assertThat(everyHandOver).as("nothing is handed again afterwards").hasSize(now.size());
        } finally {
            pool.shutdownNow();
            if (second != null) {
                second.destroy();
            }
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }
}

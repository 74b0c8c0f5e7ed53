package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.gateway.e2e.Dcmtk;

/**
 * Issue 22's database failover as a fault test: two nodes behind HAProxy on a primary PostgreSQL with a synchronous
 * streaming replica ({@link PostgresPair}), through pgjdbc's multi-host URL with {@code targetServerType=primary}. A
 * sender sends a 500-image study through HAProxy; mid-study the primary is stopped as if its machine died ({@code
 * pg_ctl stop -m immediate}) and, a moment later, the replica is promoted ({@code pg_ctl promote}), as Patroni does.
 * The nodes stay up: while no database takes writes they answer C-STORE with 0xA700 ("database cannot record now")
 * or the association breaks, and the sender sends what was not acknowledged again until it is. Every object whose
 * C-STORE got Success — before, during or after the failover — arrives at Orthanc exactly once, and the study's job
 * is done on the promoted database.
 *
 * <p>The point of failure comes from a seeded random (printed; {@code -Dzorgbrug.faults.seed=N} repeats it): after
 * 100–400 acknowledgements, and the promotion 0.5–3 s after the stop.
 */
class DatabaseFailoverTest {
    static final int IMAGES = 500;
    static final Duration LEASE = Duration.ofSeconds(8);

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedObjectArrivesOnceAcrossAPromotion() throws Exception {
        Dcmtk.require();
        long seed = Long.getLong("zorgbrug.faults.seed", System.nanoTime());
        Random random = new Random(seed);
        int stopAfter = 100 + random.nextInt(301);
        long promoteAfterMillis = 500 + random.nextInt(2501);
        System.out.printf("database failover (seed %d): primary stopped after %d acknowledged, replica promoted %d ms"
                + " later%n", seed, stopAfter, promoteAfterMillis);
        Path orthancDir = Files.createDirectories(tmp.resolve("orthanc"));
        NodeProcess nodeA = null;
        NodeProcess nodeB = null;
        TwoNodes two = null;
        try (PostgresPair pg = PostgresPair.start();
             OrthancPeer orthanc = OrthancPeer.startCountingReceptions(orthancDir,
                     Map.of("zorgbrug", new OrthancPeer.Modality("ZORGBRUG", 104)), OrthancPeer.Access.AS_INSTALLED)) {
            two = TwoNodes.onDatabase(tmp, pg.jdbcUrl(), PostgresPair.USER);
            String leases = "lease: " + LEASE.toSeconds() + "s, lease-margin: 3s";
            TwoNodes.NodeAt a = two.node("node-a", leases);
            TwoNodes.NodeAt b = two.node("node-b", leases);
            nodeA = a.start();
            TwoNodes.configure(nodeA, OrthancPeer.AET, orthanc.dicomPort());
            nodeB = b.start();
            two.haproxy(a, b);
            int front = two.dicomFront();

            FaultStudy study = new FaultStudy(tmp.resolve("study"), "2.25.2201" + (seed & 0xffffff), IMAGES);
            long[] stoppedAt = {0};
            long[] promotedAt = {0};
            Throwable[] failoverFailed = {null};
            Thread failover = new Thread(() -> {
                try {
                    pg.stopPrimaryImmediately();
                    stoppedAt[0] = System.nanoTime();
                    Thread.sleep(promoteAfterMillis);
                    pg.promoteReplica();
                    promotedAt[0] = System.nanoTime();
                } catch (Throwable e) {
                    failoverFailed[0] = e;
                }
            }, "failover");
            study.sendOnce(front, acked -> {
                if (acked >= stopAfter && failover.getState() == Thread.State.NEW) {
                    failover.start();
                }
            });
            int ackedInFirstPass = study.acknowledged.size();
            failover.join(120_000);
            assertThat(failoverFailed[0]).as("the failover itself").isNull();
            assertThat(promotedAt[0]).as("the replica was promoted").isPositive();
            assertThat(study.sendUntilAcknowledged(front, 120_000, 500)).as("every object acknowledged in the end; "
                    + "node A:\n" + nodeA.logTail()).isTrue();
            long allAcknowledged = System.nanoTime();

            Map<String, Integer> arrived = Map.of();
            String done = null;
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                arrived = study.ofThisStudy(OrthancPeer.receptions(orthancDir));
                if (arrived.size() == IMAGES && (done = study.jobsDone(nodeB)) != null) {
                    break;
                }
                Thread.sleep(200);
            }
            long finished = System.nanoTime();
            System.out.printf("database failover: %d of %d acknowledged in the first pass (stop after %d), %d refused"
                    + " (0xA700 and other failures), %d unanswered, %d resend associations; all acknowledged %d ms"
                    + " after the promotion; all arrived and the job done %d ms after the promotion (primary down"
                    + " %d ms before promotion)%n", ackedInFirstPass, IMAGES, stopAfter, study.refused,
                    study.unanswered, study.resends, (allAcknowledged - promotedAt[0]) / 1_000_000,
                    (finished - promotedAt[0]) / 1_000_000, (promotedAt[0] - stoppedAt[0]) / 1_000_000);
            String jobs = nodeB.call("GET", "/api/jobs?accessionNumber=" + study.accession, null, null);
            assertThat(arrived.entrySet().stream().filter(e -> e.getValue() != 1).toList())
                    .as("objects that arrived at Orthanc more than once; jobs %s", jobs).isEmpty();
            assertThat(arrived).as("arrived; jobs %s\nnode A:\n%s", jobs, nodeA.logTail()).hasSize(IMAGES);
            assertThat(done).as("the study's jobs done; jobs %s", jobs).isNotNull();
            // The nodes wrote to the promoted replica: it holds the study's instances.
            try (Connection c = pg.connect(pg.replicaPort, PostgresPair.DATABASE);
                 ResultSet r = c.createStatement().executeQuery("select count(distinct sop_instance_uid) from"
                         + " job_instance where sop_instance_uid like '" + study.studyUid + ".%'")) {
                r.next();
                assertThat(r.getInt(1)).as("instances of the study on the promoted replica").isEqualTo(IMAGES);
            }
            // Both nodes are still up: they reconnected rather than dying.
            assertThat(nodeA.isAlive() && nodeB.isAlive()).as("both nodes still run").isTrue();
        } finally {
            for (NodeProcess n : new NodeProcess[] {nodeA, nodeB}) {
                if (n != null) {
                    n.kill();
                }
            }
            if (two != null) {
                two.close();
            }
        }
    }
}

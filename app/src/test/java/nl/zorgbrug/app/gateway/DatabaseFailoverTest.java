package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
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
 * <p>Two runs, each on clusters and nodes of its own: a short outage (the promotion 0.5–3 s after the stop) and one
 * longer than the lease (lease + 1–5 s), so the nodes lose their leases while no database answers. The points come
 * from a seeded random (printed; {@code -Dzorgbrug.faults.seed=N} repeats them): the stop after 100–400
 * acknowledgements. The nodes' logs are kept in {@code target/fault-logs}.
 */
class DatabaseFailoverTest {
    static final int IMAGES = 500;
    static final Duration LEASE = Duration.ofSeconds(8);

    @TempDir
    Path tmp;

    /** Where the node logs of a run are kept after the test (the temporary directory is removed). */
    static final Path LOGS = Path.of("target", "fault-logs");

    /** One failover: the primary stopped after {@code stopAfter} acknowledgements, promoted {@code promoteAfter} later. */
    record Outage(String kind, int stopAfter, long promoteAfterMillis) {
    }

    @Test
    void everyAcknowledgedObjectArrivesOnceAcrossAPromotion() throws Exception {
        Dcmtk.require();
        long seed = Long.getLong("zorgbrug.faults.seed", System.nanoTime());
        Random random = new Random(seed);
        // A short outage, as Patroni's failover takes on a healthy cluster (its loop_wait is 10 s, but a stopped
        // primary's replica is promoted within seconds of the leader key expiring); and one longer than the lease,
        // so the nodes lose their leases while no database answers, and the job is claimed again afterwards.
        List<Outage> outages = List.of(
                new Outage("short", 100 + random.nextInt(301), 500 + random.nextInt(2501)),
                new Outage("longer than the lease", 100 + random.nextInt(301),
                        LEASE.toMillis() + 1000 + random.nextInt(4001)));
        System.out.println("database failover (seed " + seed + "): " + outages);
        List<String> results = new java.util.ArrayList<>();
        try {
            for (int run = 0; run < outages.size(); run++) {
                results.add(failOver(run, seed, outages.get(run)));
            }
        } finally {
            System.out.println(String.join("\n", results));
        }
    }

    private String failOver(int run, long seed, Outage outage) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run" + run));
        Path orthancDir = Files.createDirectories(dir.resolve("orthanc"));
        NodeProcess nodeA = null;
        NodeProcess nodeB = null;
        TwoNodes two = null;
        try (PostgresPair pg = PostgresPair.start();
             OrthancPeer orthanc = OrthancPeer.startCountingReceptions(orthancDir,
                     Map.of("zorgbrug", new OrthancPeer.Modality("ZORGBRUG", 104)), OrthancPeer.Access.AS_INSTALLED)) {
            two = TwoNodes.onDatabase(dir, pg.jdbcUrl(), PostgresPair.USER);
            String leases = "lease: " + LEASE.toSeconds() + "s, lease-margin: 3s";
            TwoNodes.NodeAt a = two.node("node-a", leases);
            TwoNodes.NodeAt b = two.node("node-b", leases);
            nodeA = a.start();
            TwoNodes.configure(nodeA, OrthancPeer.AET, orthanc.dicomPort());
            nodeB = b.start();
            two.haproxy(a, b);
            int front = two.dicomFront();

            FaultStudy study = new FaultStudy(dir.resolve("study"), "2.25.2201" + (seed & 0xffffff) + "." + run,
                    IMAGES);
            long[] stoppedAt = {0};
            long[] promotedAt = {0};
            Throwable[] failoverFailed = {null};
            Thread failover = new Thread(() -> {
                try {
                    pg.stopPrimaryImmediately();
                    stoppedAt[0] = System.nanoTime();
                    Thread.sleep(outage.promoteAfterMillis());
                    pg.promoteReplica();
                    promotedAt[0] = System.nanoTime();
                } catch (Throwable e) {
                    failoverFailed[0] = e;
                }
            }, "failover");
            study.sendOnce(front, acked -> {
                if (acked >= outage.stopAfter() && failover.getState() == Thread.State.NEW) {
                    failover.start();
                }
            });
            int ackedInFirstPass = study.acknowledged.size();
            failover.join(120_000);
            assertThat(failoverFailed[0]).as("the failover itself").isNull();
            assertThat(promotedAt[0]).as("the replica was promoted").isPositive();
            // A modality sends what was not acknowledged again, every half second, until it is.
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
            String line = String.format("run %d (%s outage): primary stopped after %d acknowledged, promoted %d ms"
                    + " later; %d of %d acknowledged in the first pass, %d refused (0xA700), %d unanswered, %d resend"
                    + " associations; all acknowledged %d ms and all arrived with the job done %d ms after the"
                    + " promotion", run, outage.kind(), outage.stopAfter(), (promotedAt[0] - stoppedAt[0]) / 1_000_000,
                    ackedInFirstPass, IMAGES, study.refused, study.unanswered, study.resends,
                    (allAcknowledged - promotedAt[0]) / 1_000_000, (finished - promotedAt[0]) / 1_000_000);
            System.out.println(line);
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
            return line;
        } finally {
            for (NodeProcess n : new NodeProcess[] {nodeA, nodeB}) {
                if (n != null) {
                    n.kill();
                }
            }
            if (two != null) {
                two.close();
            }
            Files.createDirectories(LOGS);
            for (String node : List.of("node-a", "node-b")) {
                Path log = dir.resolve(node + ".log");
                if (Files.exists(log)) {
                    Files.copy(log, LOGS.resolve("failover-run" + run + "-" + node + ".log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

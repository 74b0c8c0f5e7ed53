package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.e2e.Dcmtk;

/**
 * Issue 22: two node processes share one PostgreSQL database and one spool directory, behind HAProxy (Debian's, in
 * TCP mode, started by the test on loopback: {@code balance first} sends every association to node A while its
 * {@code /actuator/health} answers, then to node B). Node A receives a study through HAProxy and forwards it to a
 * dcmtk storescp; it is killed with SIGKILL mid-study. The sender sends the rest through HAProxy again, which now
 * hands it to node B. Node A's
 * job is leased to A, so B does not touch it until the lease has passed; then B takes it over and finishes it within
 * lease + 10 s. Every object arrives; storescp answers no C-FIND, so at most the one object A had on the wire may
 * arrive twice (as in {@link CrashRecoveryTest}). While A is down, the API answers through HAProxy's HTTP frontend
 * (node B).
 */
class TwoNodesFailoverTest {
    static final int IMAGES = 200;
    static final Duration LEASE = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void theOtherNodeFinishesAKilledNodesJobWithinLeasePlusTenSeconds() throws Exception {
        Dcmtk.require();
        TwoNodes two = TwoNodes.onNewSchema(tmp);
        int remotePort = Dcmtk.freePort();
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        Process remote = Dcmtk.storescp("REMOTE", remotePort, remoteDir, tmp.resolve("remote.log"));
        String leases = "lease: " + LEASE.toSeconds() + "s, lease-margin: 3s";
        TwoNodes.NodeAt a = two.node("node-a", leases);
        TwoNodes.NodeAt b = two.node("node-b", leases);
        NodeProcess nodeA = null;
        NodeProcess nodeB = null;
        try {
            nodeA = a.start();
            TwoNodes.configure(nodeA, remotePort);
            nodeB = b.start();
            two.haproxy(a, b);
            int front = two.dicomFront();

            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> files = new ArrayList<>();
            for (int i = 1; i <= IMAGES; i++) {
                files.add(CrashRecoveryTest.image(in, i));
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger count = new AtomicInteger();
            Connector connector = new Connector(AssociationOptions.DEFAULT);
            NodeProcess killed = nodeA;
            long[] killedAt = new long[1];
            Thread killer = new Thread(() -> {
                while (count.get() < IMAGES * 2 / 5) {
                    Thread.onSpinWait();
                }
                killedAt[0] = System.nanoTime();
                try {
                    killed.kill(); // SIGKILL
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.start();
            try {
                StoreScu.send(connector, "OWNPACS", "ZB_EXPORT", "127.0.0.1", front, files, (o, done, total) -> {
                    if (o.status() != null && o.status().isSuccess()) {
                        acknowledged.add(o.sopInstanceUid());
                        count.incrementAndGet();
                    }
                });
            } catch (IOException expected) {
                // the association broke when node A died
            }
            killer.join(60_000);
            assertThat(acknowledged.size()).isBetween(IMAGES * 2 / 5, IMAGES - 1);

            // Issue 22: the API through HAProxy's HTTP frontend while node A is down (its check failed: B answers).
            java.net.http.HttpResponse<String> viaProxy = two.throughProxy("GET", "/api/jobs");
            assertThat(viaProxy.statusCode()).as("GET /api/jobs through HAProxy with node A dead: " + viaProxy.body())
                    .isEqualTo(200);
            assertThat(viaProxy.body()).contains("\"state\"");

            List<Path> rest = files.stream().filter(f -> !acknowledged.contains(CrashRecoveryTest.sop(f))).toList();
            assertThat(StoreScu.send(connector, "OWNPACS", "ZB_EXPORT", "127.0.0.1", front, rest,
                    (o, d, t) -> { })).allMatch(StoreScu.Outcome::ok);
            long resent = System.nanoTime();

            Map<String, Integer> arrived = new HashMap<>();
            long finished = 0;
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                arrived = Receptions.storescp(remoteDir);
                String jobs = nodeB.call("GET", "/api/jobs", null, null);
                if (arrived.size() == IMAGES && jobs.contains("DONE")
                        && !jobs.matches("(?s).*\"state\":\"(WAITING|IN_PROGRESS|FAILED)\".*")) {
                    finished = System.nanoTime();
                    break;
                }
                Thread.sleep(100);
            }
            String jobs = nodeB.call("GET", "/api/jobs", null, null);
            System.out.printf("two nodes: %d of %d acknowledged by node A before SIGKILL; the rest resent through HAProxy"
                    + " in %d ms; node B finished the job %d ms after the kill (lease %d s)%n", acknowledged.size(), IMAGES,
                    (resent - killedAt[0]) / 1_000_000, (finished - killedAt[0]) / 1_000_000, LEASE.toSeconds());
            assertThat(arrived.keySet()).as("arrived; jobs: " + jobs).hasSize(IMAGES);
            assertThat(arrived.values().stream().filter(n -> n > 1).count())
                    .as("objects delivered more than once (storescp answers no C-FIND)").isLessThanOrEqualTo(1);
            // A's lease runs from its last renewal, before the kill; B cannot have finished before the rest was sent.
            long bound = Math.max(killedAt[0] + LEASE.toNanos(), resent) + Duration.ofSeconds(10).toNanos();
            assertThat(finished).as("finished %d ms after the kill (lease %s)", (finished - killedAt[0]) / 1_000_000,
                    LEASE).isLessThanOrEqualTo(bound);
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(jobs);
            assertThat(id.find()).as(jobs).isTrue();
            assertThat(nodeB.call("GET", "/api/jobs/" + id.group(1), null, null)).as("the job's history")
                    .contains("taken over by node node-b");
        } finally {
            for (NodeProcess n : new NodeProcess[] {nodeA, nodeB}) {
                if (n != null) {
                    n.kill();
                }
            }
            remote.destroy();
            two.close();
        }
    }
}

package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.e2e.Dcmtk;

/**
 * Issue 22: a node taken out of rotation drains. Two node processes on one PostgreSQL schema and one spool, behind
 * HAProxy ({@link TwoNodes}); node A receives a study through HAProxy on an urgent route and streams it to a dcmtk
 * storescp. After 80 acknowledgements A gets SIGTERM, and the sender goes on slowly on its association, so that it
 * outlasts the part of the drain time for finishing. A must then: answer 503 on {@code /actuator/health}; refuse new
 * associations (HAProxy sends them to B); close the sender's association once the hand-back part of its drain time is
 * reached; stop its delivery between two instances and hand the job back (WAITING, lease cleared); exit 0 within its
 * drain time. The sender sends what A did not acknowledge again through HAProxy, to B, which takes the handed-back
 * job at its next look, long before A's lease would have passed. Every object arrives at storescp exactly once: the
 * hand-back leaves nothing on the wire (in doubt), unlike a SIGKILL ({@link TwoNodesFailoverTest}).
 */
class NodeDrainTest {
    static final int IMAGES = 200;
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration DRAIN = Duration.ofSeconds(9);
    /** B's runner looks every second; with a lease of 30 s a take-over after the lease would be 20 s or more. */
    static final Duration TAKE_OVER_BOUND = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    @Test
    void aNodeStoppedWithSigtermDrainsHandsBackItsJobAndExitsZeroWithinItsDrainTime() throws Exception {
        Dcmtk.require();
        TwoNodes two = TwoNodes.onNewSchema(tmp);
        int remotePort = Dcmtk.freePort();
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        Process remote = Dcmtk.storescp("REMOTE", remotePort, remoteDir, tmp.resolve("remote.log"));
        String settings = "lease: " + LEASE.toSeconds() + "s, lease-margin: 10s, drain: " + DRAIN.toSeconds() + "s";
        TwoNodes.NodeAt a = two.node("node-a", settings);
        TwoNodes.NodeAt b = two.node("node-b", settings);
        NodeProcess nodeA = null;
        NodeProcess nodeB = null;
        try {
            nodeA = a.start();
            TwoNodes.configure(nodeA, remotePort);
            nodeB = b.start();
            two.haproxy(a, b);

            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> files = new ArrayList<>();
            for (int i = 1; i <= IMAGES; i++) {
                files.add(CrashRecoveryTest.image(in, i));
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger count = new AtomicInteger();
            AtomicBoolean terminated = new AtomicBoolean();
            long[] terminatedAt = new long[1];
            long[] exitedAt = new long[1];
            Set<Integer> healthOfA = ConcurrentHashMap.newKeySet();
            NodeProcess draining = nodeA;
            Connector connector = new Connector(AssociationOptions.DEFAULT);
            try {
                StoreScu.send(connector, "OWNPACS", "ZB_EXPORT", "127.0.0.1", two.dicomFront(), files, (o, done, total) -> {
                    if (o.status() != null && o.status().isSuccess()) {
                        acknowledged.add(o.sopInstanceUid());
                        if (count.incrementAndGet() == IMAGES * 2 / 5) {
                            terminatedAt[0] = System.nanoTime();
                            draining.onExit().thenRun(() -> exitedAt[0] = System.nanoTime());
                            draining.terminate(); // SIGTERM
                            terminated.set(true);
                            Thread watcher = new Thread(() -> watchHealth(draining, healthOfA));
                            watcher.setDaemon(true);
                            watcher.start();
                        }
                    }
                    if (terminated.get()) {
                        // A modality still acquiring: the rest comes slowly, longer than A's drain may wait for it.
                        sleep(80);
                    }
                });
            } catch (IOException expected) {
                // node A closed the association at the end of the finishing part of its drain time
            }
            assertThat(terminated).as("SIGTERM sent").isTrue();
            assertThat(acknowledged.size()).as("acknowledged by node A").isBetween(IMAGES * 2 / 5, IMAGES - 1);

            List<Path> rest = files.stream().filter(f -> !acknowledged.contains(CrashRecoveryTest.sop(f))).toList();
            assertThat(StoreScu.send(connector, "OWNPACS", "ZB_EXPORT", "127.0.0.1", two.dicomFront(), rest,
                    (o, d, t) -> { })).as("the rest through HAProxy").allMatch(StoreScu.Outcome::ok);

            Integer exit = nodeA.awaitExit(DRAIN.toMillis() + 30_000);
            assertThat(exit).as("node A's exit code after SIGTERM; log:\n" + nodeA.logTail()).isEqualTo(0);
            Thread.sleep(50); // the exit's time is read by onExit's callback
            long stopMillis = (exitedAt[0] - terminatedAt[0]) / 1_000_000;

            // The API through HAProxy's HTTP frontend while node A is gone: B answers.
            java.net.http.HttpResponse<String> viaProxy = two.throughProxy("GET", "/api/jobs");
            assertThat(viaProxy.statusCode()).as("GET /api/jobs through HAProxy with node A gone: " + viaProxy.body())
                    .isEqualTo(200);

            Map<String, Integer> arrived = new HashMap<>();
            long deadline = System.currentTimeMillis() + 60_000;
            String jobs = "";
            while (System.currentTimeMillis() < deadline) {
                arrived = Receptions.storescp(remoteDir);
                jobs = nodeB.call("GET", "/api/jobs", null, null);
                if (arrived.size() == IMAGES && jobs.contains("DONE")
                        && !jobs.matches("(?s).*\"state\":\"(WAITING|IN_PROGRESS|FAILED)\".*")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(arrived.keySet()).as("arrived; jobs: " + jobs).hasSize(IMAGES);
            assertThat(arrived.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("objects delivered more than once").isEmpty();

            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(jobs);
            assertThat(id.find()).as(jobs).isTrue();
            JsonNode job = new ObjectMapper().readTree(nodeB.call("GET", "/api/jobs/" + id.group(1), null, null));
            Instant handedBack = null;
            Instant takenOver = null;
            for (JsonNode entry : job.get("history")) {
                String detail = entry.path("detail").asText();
                Instant at = Instant.parse(entry.get("at").asText());
                if (handedBack == null && detail.contains("handed back: node node-a is stopping")) {
                    handedBack = at;
                } else if (handedBack != null && takenOver == null && entry.path("action").asText().equals("attempt")) {
                    takenOver = at;
                }
            }
            assertThat(handedBack).as("node A handed the job back; history: " + job.get("history")).isNotNull();
            assertThat(takenOver).as("node B's attempt after the hand-back; history: " + job.get("history"))
                    .isNotNull();
            Duration gap = Duration.between(handedBack, takenOver);
            System.out.printf("drain: %d of %d acknowledged by node A before SIGTERM, %d in all; A exited %d ms after"
                    + " SIGTERM (drain %d s, exit code %d); B took the handed-back job %d ms after the hand-back"
                    + " (lease %d s); health of A while draining: %s%n", IMAGES * 2 / 5, IMAGES, acknowledged.size(),
                    stopMillis, DRAIN.toSeconds(), exit, gap.toMillis(), LEASE.toSeconds(), healthOfA);
            assertThat(healthOfA).as("node A's health answers while it drained").contains(503);
            String logA = nodeA.logTail();
            assertThat(stopMillis).as("node A exited within its drain time; its log:\n"
                    + logA.substring(Math.max(0, logA.length() - 8000))).isLessThanOrEqualTo(DRAIN.toMillis());
            assertThat(gap).as("node B took the job over after the hand-back, not after A's lease")
                    .isLessThanOrEqualTo(TAKE_OVER_BOUND);
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

    /** Polls node A's health until it stops answering, keeping each status it answered. */
    private static void watchHealth(NodeProcess node, Set<Integer> seen) {
        while (node.isAlive()) {
            try {
                seen.add(node.request("GET", "/actuator/health", null, null).statusCode());
            } catch (Exception gone) {
                return;
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

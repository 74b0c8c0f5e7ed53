package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
 * arrive twice (as in {@link CrashRecoveryTest}).
 */
class TwoNodesFailoverTest {
    static final int IMAGES = 200;
    static final Duration LEASE = Duration.ofSeconds(10);
    static final String PG_URL = System.getenv().getOrDefault("ZORGBRUG_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");

    @TempDir
    Path tmp;

    private record NodeAt(String id, int httpPort, int dicomPort, Path config, Path log) {
    }

    private NodeAt node(String id, String schema, String user) throws IOException {
        int httpPort = Dcmtk.freePort();
        int dicomPort = Dcmtk.freePort();
        Path config = tmp.resolve(id + ".yml");
        Files.writeString(config, String.join("\n",
                "server.port: " + httpPort,
                "spring.datasource.url: " + PG_URL + "?currentSchema=" + schema,
                "spring.datasource.username: " + user,
                "spring.datasource.password: ''",
                "zorgbrug:",
                "  data-dir: " + tmp.resolve(id),
                "  spool-dir: " + tmp.resolve("shared-spool"),
                "  spool-min-free: 1MB",
                "  node: {id: " + id + ", lease: " + LEASE.toSeconds() + "s, lease-margin: 3s}",
                "  users:",
                "    - {name: root, password: '{noop}two-nodes', roles: [ADMIN, OPERATOR]}",
                "  gateway:",
                "    port: " + dicomPort,
                "    local-issuer: " + CrashRecoveryTest.LOCAL_ISSUER,
                "    quiet-time: 0s",
                "    routes:",
                // Urgent: the delivery keeps its association open while the study streams in, so the job is IN_PROGRESS
                // under node A's lease when A is killed (a routine route's job may be WAITING between two attempts).
                "      - {name: export, called-ae-title: ZB_EXPORT, direction: EXPORT, destination: umcx, urgent: true}",
                ""));
        return new NodeAt(id, httpPort, dicomPort, config, tmp.resolve(id + ".log"));
    }

    /** HAProxy in TCP mode on a free loopback port in front of the nodes' DICOM ports, checking their health. */
    private Process haproxy(int port, NodeAt... nodes) throws Exception {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        if (!Files.isExecutable(haproxy)) {
            String message = "HAProxy is not installed (Debian package haproxy)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        StringBuilder cfg = new StringBuilder(String.join("\n",
                "global", "  maxconn 256",
                "defaults", "  mode tcp", "  timeout connect 2s", "  timeout client 120s", "  timeout server 120s",
                "  retries 3", "  option redispatch",
                "frontend dicom", "  bind 127.0.0.1:" + port, "  default_backend nodes",
                "backend nodes", "  balance first", "  option httpchk GET /actuator/health",
                "  http-check expect status 200", ""));
        for (NodeAt node : nodes) {
            cfg.append("  server ").append(node.id()).append(" 127.0.0.1:").append(node.dicomPort())
                    .append(" check port ").append(node.httpPort()).append(" inter 300 fall 1 rise 1\n");
        }
        Path file = Files.writeString(tmp.resolve("haproxy.cfg"), cfg.toString());
        Process p = new ProcessBuilder(haproxy.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("haproxy.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(p.isAlive()).as("haproxy exited: " + Files.readString(tmp.resolve("haproxy.log"))).isTrue();
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("haproxy did not listen: " + Files.readString(tmp.resolve("haproxy.log")));
    }

    /** A new schema on the test PostgreSQL, and the user that made it. */
    private static String[] schema() throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        for (String user : List.of(System.getProperty("user.name"), "postgres")) {
            try (Connection c = DriverManager.getConnection(PG_URL, user, "")) {
                c.createStatement().execute("create schema " + schema);
                return new String[] {schema, user};
            } catch (java.sql.SQLException tryNext) {
                // the next user
            }
        }
        String message = "PostgreSQL at " + PG_URL + " is not reachable";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
        return null;
    }

    @Test
    void theOtherNodeFinishesAKilledNodesJobWithinLeasePlusTenSeconds() throws Exception {
        Dcmtk.require();
        String[] db = schema();
        int remotePort = Dcmtk.freePort();
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        Process remote = Dcmtk.storescp("REMOTE", remotePort, remoteDir, tmp.resolve("remote.log"));
        NodeAt a = node("node-a", db[0], db[1]);
        NodeAt b = node("node-b", db[0], db[1]);
        NodeProcess nodeA = null;
        NodeProcess nodeB = null;
        Process proxy = null;
        try {
            nodeA = NodeProcess.start(a.config(), a.log(), a.httpPort(), "root", "two-nodes");
            nodeA.call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                    + "birth_date,sex\nPAT-5," + CrashRecoveryTest.LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,"
                    + "19811231,M\n");
            nodeA.call("PUT", "/api/institutions/umcx", "application/json", "{\"key\":\"umcx\",\"name\":\"UMC X\","
                    + "\"aeTitle\":\"REMOTE\",\"host\":\"127.0.0.1\",\"port\":" + remotePort + ",\"tls\":false}");
            nodeB = NodeProcess.start(b.config(), b.log(), b.httpPort(), "root", "two-nodes");
            int front = Dcmtk.freePort();
            proxy = haproxy(front, a, b);

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
            if (proxy != null) {
                proxy.destroyForcibly().waitFor();
            }
            remote.destroy();
            try (Connection c = DriverManager.getConnection(PG_URL, db[1], "")) {
                c.createStatement().execute("drop schema " + db[0] + " cascade");
            }
        }
    }
}

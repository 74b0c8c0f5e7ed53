package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import nl.zorgbrug.gateway.e2e.Dcmtk;

/**
 * Issue 22's test set-up, shared by {@link TwoNodesFailoverTest} and {@link NodeDrainTest}: a schema of its own on the
 * test PostgreSQL, node configurations on it with one shared spool directory and an urgent export route to a
 * destination {@code umcx}, and Debian's HAProxy on loopback in front of the nodes, for DICOM (TCP mode) and for
 * HTTP, both with health checks on each node's {@code /actuator/health}.
 */
final class TwoNodes {
    static final String PG_URL = System.getenv().getOrDefault("ZORGBRUG_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = "root";
    static final String PASSWORD = "two-nodes";

    private final Path tmp;
    final String schema;
    final String dbUser;
    /** The nodes' JDBC URL: the test PostgreSQL with {@link #schema}, or a database of the test's own. */
    private final String jdbcUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process proxy;
    private int dicomFront;
    private int httpFront;

    record NodeAt(String id, int httpPort, int dicomPort, Path config, Path log) {
        NodeProcess start() throws Exception {
            return NodeProcess.start(config, log, httpPort, USER, PASSWORD);
        }
    }

    private TwoNodes(Path tmp, String schema, String dbUser, String jdbcUrl) {
        this.tmp = tmp;
        this.schema = schema;
        this.dbUser = dbUser;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Nodes on a database the test made and removes itself (e.g. {@link PostgresPair}'s multi-host URL), in its
     * default schema; {@link #close()} leaves the database alone.
     */
    static TwoNodes onDatabase(Path tmp, String jdbcUrl, String user) {
        return new TwoNodes(tmp, null, user, jdbcUrl);
    }

    /** A new schema on the test PostgreSQL, made by the first user that may; skipped (failed under CI) without one. */
    static TwoNodes onNewSchema(Path tmp) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        for (String user : List.of(System.getProperty("user.name"), "postgres")) {
            try (Connection c = DriverManager.getConnection(PG_URL, user, "")) {
                c.createStatement().execute("create schema " + schema);
                return new TwoNodes(tmp, schema, user, PG_URL + "?currentSchema=" + schema);
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

    /**
     * A node's configuration on the shared schema and spool; {@code nodeSettings} go inside {@code zorgbrug.node}
     * besides its id (e.g. {@code lease: 10s, lease-margin: 3s}).
     */
    NodeAt node(String id, String nodeSettings) throws IOException {
        int httpPort = Dcmtk.freePort();
        int dicomPort = Dcmtk.freePort();
        Path config = tmp.resolve(id + ".yml");
        Files.writeString(config, String.join("\n",
                "server.port: " + httpPort,
                "spring.datasource.url: '" + jdbcUrl + "'",
                "spring.datasource.username: " + dbUser,
                "spring.datasource.password: ''",
                "zorgbrug:",
                "  data-dir: " + tmp.resolve(id),
                "  spool-dir: " + tmp.resolve("shared-spool"),
                "  spool-min-free: 1MB",
                "  node: {id: " + id + ", " + nodeSettings + "}",
                "  users:",
                "    - {name: " + USER + ", password: '{noop}" + PASSWORD + "', roles: [ADMIN, OPERATOR]}",
                "  gateway:",
                "    port: " + dicomPort,
                "    local-issuer: " + CrashRecoveryTest.LOCAL_ISSUER,
                "    quiet-time: 0s",
                "    routes:",
                // Urgent: the delivery keeps its association open while the study streams in, so the job is IN_PROGRESS
                // under the receiving node's lease while the study comes (a routine route's job may be WAITING between
                // two attempts).
                "      - {name: export, called-ae-title: ZB_EXPORT, direction: EXPORT, destination: umcx, urgent: true}",
                ""));
        return new NodeAt(id, httpPort, dicomPort, config, tmp.resolve(id + ".log"));
    }

    /** The test patient in the MPI and the destination {@code umcx} (a storescp) in the address book, through a node. */
    static void configure(NodeProcess node, int remotePort) throws Exception {
        configure(node, "REMOTE", remotePort);
    }

    /** As {@link #configure(NodeProcess, int)}, with the destination's AE title (e.g. Orthanc's). */
    static void configure(NodeProcess node, String remoteAet, int remotePort) throws Exception {
        node.call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                + "birth_date,sex\nPAT-5," + CrashRecoveryTest.LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,"
                + "19811231,M\n");
        node.call("PUT", "/api/institutions/umcx", "application/json", "{\"key\":\"umcx\",\"name\":\"UMC X\","
                + "\"aeTitle\":\"" + remoteAet + "\",\"host\":\"127.0.0.1\",\"port\":" + remotePort + ",\"tls\":false}");
    }

    /**
     * HAProxy on two free loopback ports in front of the nodes: DICOM in TCP mode ({@link #dicomFront}) and HTTP
     * ({@link #httpFront}), both {@code balance first} (node A while it is healthy, then B) with {@code option
     * redispatch}, and health checks every 300 ms on each node's {@code /actuator/health} (a node that answers
     * anything but 200 or does not answer is out after one check).
     */
    void haproxy(NodeAt... nodes) throws Exception {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        if (!Files.isExecutable(haproxy)) {
            String message = "HAProxy is not installed (Debian package haproxy)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        dicomFront = Dcmtk.freePort();
        httpFront = Dcmtk.freePort();
        StringBuilder cfg = new StringBuilder(String.join("\n",
                "global", "  maxconn 256",
                "defaults", "  mode tcp", "  timeout connect 2s", "  timeout client 120s", "  timeout server 120s",
                "  retries 3", "  option redispatch",
                "frontend dicom", "  bind 127.0.0.1:" + dicomFront, "  default_backend nodes",
                "frontend http", "  mode http", "  bind 127.0.0.1:" + httpFront, "  default_backend web",
                "backend nodes", "  balance first", "  option httpchk GET /actuator/health",
                "  http-check expect status 200", ""));
        for (NodeAt node : nodes) {
            cfg.append("  server ").append(node.id()).append(" 127.0.0.1:").append(node.dicomPort())
                    .append(" check port ").append(node.httpPort()).append(" inter 300 fall 1 rise 1\n");
        }
        cfg.append(String.join("\n", "backend web", "  mode http", "  balance first",
                "  option httpchk GET /actuator/health", "  http-check expect status 200", ""));
        for (NodeAt node : nodes) {
            cfg.append("  server ").append(node.id()).append(" 127.0.0.1:").append(node.httpPort())
                    .append(" check inter 300 fall 1 rise 1\n");
        }
        Path file = Files.writeString(tmp.resolve("haproxy.cfg"), cfg.toString());
        proxy = new ProcessBuilder(haproxy.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("haproxy.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(proxy.isAlive()).as("haproxy exited: " + Files.readString(tmp.resolve("haproxy.log"))).isTrue();
            try (java.net.Socket dicom = new java.net.Socket("127.0.0.1", dicomFront);
                 java.net.Socket web = new java.net.Socket("127.0.0.1", httpFront)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("haproxy did not listen: " + Files.readString(tmp.resolve("haproxy.log")));
    }

    int dicomFront() {
        return dicomFront;
    }

    /** A REST call through HAProxy's HTTP frontend, as the configured user. */
    HttpResponse<String> throughProxy(String method, String path) throws Exception {
        String authorization = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpFront + path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops HAProxy and drops the schema. */
    void close() throws Exception {
        if (proxy != null) {
            proxy.destroyForcibly().waitFor();
        }
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(PG_URL, dbUser, "")) {
                c.createStatement().execute("drop schema " + schema + " cascade");
            }
        }
    }
}

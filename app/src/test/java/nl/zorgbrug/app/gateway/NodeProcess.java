package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The node as a hospital runs it, {@code zorgbrug serve --config}, in a process of its own: for the tests that kill it
 * with SIGKILL (nothing of the JVM runs after that, as after a power cut) and start it again on the same data
 * directory. Output goes to one log that the restarts append to; REST calls go with HTTP Basic as the configured user.
 */
final class NodeProcess implements AutoCloseable {
    private final Path config;
    private final Path log;
    private final int httpPort;
    private final String authorization;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    private NodeProcess(Path config, Path log, int httpPort, String user, String password) {
        this.config = config;
        this.log = log;
        this.httpPort = httpPort;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Starts the node and waits until its health endpoint answers 200 (90 s at most). */
    static NodeProcess start(Path config, Path log, int httpPort, String user, String password) throws Exception {
        NodeProcess node = new NodeProcess(config, log, httpPort, user, password);
        node.start();
        return node;
    }

    /** Starts it again after {@link #kill()}, on the same configuration and data. */
    void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "nl.zorgbrug.app.ZorgbrugCommand",
                "serve", "--config", config.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("node exited early:\n" + logTail()).isTrue();
            try {
                if (request("GET", "/actuator/health", null, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node did not start:\n" + logTail());
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGTERM, as a service manager stops the node; returns at once (the node drains, then exits). */
    void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Completes when the process exits (its time read by whoever waits on it). */
    java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Waits at most {@code millis} for the process to exit; its exit code, or null while it still runs. */
    Integer awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** A REST call; {@code type} and {@code body} may be null. */
    HttpResponse<String> request(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", authorization);
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A REST call that must succeed (2xx); returns the body. */
    String call(String method, String path, String type, String body) throws Exception {
        HttpResponse<String> r = request(method, path, type, body);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isLessThan(300);
        return r.body();
    }

    /** The last 20,000 characters of the log, for a failure message. */
    /** Where the node's threads are now ({@code jcmd PID Thread.print}), for a failing test's evidence. */
    String threadDump() throws Exception {
        if (process == null || !process.isAlive()) {
            return "(the node is not running)";
        }
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true).start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor();
        return dump;
    }

    String logTail() throws IOException {
        String all = Files.exists(log) ? Files.readString(log) : "";
        return all.substring(Math.max(0, all.length() - 20_000));
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}

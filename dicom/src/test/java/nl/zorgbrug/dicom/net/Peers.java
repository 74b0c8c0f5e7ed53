package nl.zorgbrug.dicom.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Real DICOM peers for interop tests (dcmtk, Orthanc). A missing peer skips the test on a developer
 * machine but fails it under CI=true, so CI can never pass by skipping. Every peer gets TCP_NODELAY=1:
 * dcmtk 3.6.7 and Orthanc leave Nagle on otherwise.
 */
public final class Peers {
    /**
     * Ports this test JVM has handed out ({@link #freePort}). The kernel may give the same free port to two calls in
     * a row (the probe socket is closed before the peer binds it); two peers on one port means one of them never
     * starts and the other answers for both (seen in CI: an Orthanc given 41691 as its HTTP and its DICOM port).
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Peers() {
    }

    /** The absolute path of a peer executable found on PATH (or the given absolute path). */
    public static String require(String executable) {
        if (executable.startsWith("/")) {
            if (Files.isExecutable(Path.of(executable))) {
                return executable;
            }
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir, executable);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        String message = executable + " is not installed; .ci/run installs dcmtk and orthanc";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: interop tests must not be skipped)");
        }
        Assumptions.assumeTrue(false, message);
        return null;
    }

    /** A free loopback port that no earlier call in this JVM returned. */
    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /** A started peer process with its output captured to a file. */
    public record Proc(Process process, Path log) implements AutoCloseable {
        public String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Waits for exit (failing the test after timeout) and returns the exit code. */
        public int waitFor(long seconds) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("peer did not finish within " + seconds + " s; output:\n" + output());
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static Proc start(Path workDir, List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.set(0, require(cmd.get(0)));
        Files.createDirectories(workDir);
        Path log = Files.createTempFile(workDir, "peer", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("TCP_NODELAY", "1");
        return new Proc(pb.start(), log);
    }

    /** Runs a peer to completion and returns its exit code. */
    public static int run(Path workDir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        try (Proc p = start(workDir, List.of(command))) {
            return p.waitFor(timeoutSeconds);
        }
    }

    /** Polls until something listens on the port (a started peer is ready), failing after the timeout. */
    public static void awaitListening(int port, Proc proc, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (!proc.process().isAlive()) {
                fail("peer exited with " + proc.process().exitValue() + " before listening:\n" + proc.output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        fail("peer not listening on port " + port + " after " + timeoutMillis + " ms:\n" + proc.output());
    }
}

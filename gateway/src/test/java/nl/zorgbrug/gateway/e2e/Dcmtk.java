package nl.zorgbrug.gateway.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** dcmtk processes for the gateway's end-to-end tests, with TCP_NODELAY=1 (dcmtk 3.6.7 leaves Nagle on otherwise). */
public final class Dcmtk {
    private Dcmtk() {
    }

    public static void require() {
        boolean present;
        try {
            present = new ProcessBuilder("storescp", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        if (!present) {
            String message = "dcmtk is not installed; run .ci/run (it installs the Debian test peers)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    /** A free loopback port no earlier call of this JVM returned (one set with the peers' ports: {@link nl.zorgbrug.dicom.net.Peers}). */
    public static int freePort() throws IOException {
        return nl.zorgbrug.dicom.net.Peers.freePort();
    }

    /**
     * Starts storescp and returns once this very process listens on the port, so that nothing the test starts after
     * it (the gateway's own acceptor binding port 0) can take the port first. A port still held by a peer a test just
     * stopped is waited for.
     */
    public static Process storescp(String aet, int port, Path dir, Path log) throws IOException {
        // -v: the log shows each association, which tests count.
        ProcessBuilder pb = new ProcessBuilder("storescp", "-v", "-aet", aet, "-od", dir.toString(), "+uf", "-fe", ".dcm",
                Integer.toString(port));
        pb.environment().put("TCP_NODELAY", "1");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Process p = pb.start();
        while (true) {
            if (listens(p, port)) {
                return p;
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("storescp " + aet + " did not listen on port " + port + " within 15 s; its log "
                        + log + ": " + Files.readString(log).strip());
            }
            if (!p.isAlive()) {
                p = pb.start();   // the port was still taken (a peer stopping); try again until the deadline
            }
            sleep(20);
        }
    }

    /** True when one of the process's own sockets is the listening one on the port (Linux /proc; elsewhere: alive). */
    private static boolean listens(Process p, int port) throws IOException {
        if (!p.isAlive()) {
            return false;
        }
        Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
        if (!Files.exists(Path.of("/proc/net/tcp"))) {
            sleep(200);
            return p.isAlive();
        }
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> s = Files.list(fds)) {
            for (Path fd : s.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // the fd closed while listing
                }
            }
        } catch (IOException gone) {
            return false;   // the process exited while listing
        }
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path t = Path.of(table);
            if (!Files.exists(t)) {
                continue;
            }
            for (String line : Files.readAllLines(t)) {
                // sl local_address rem_address st ... inode: state 0A is LISTEN (include/net/tcp_states.h)
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(hexPort) && "0A".equals(f[3]) && inodes.contains(f[9])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting storescp", e);
        }
    }

    public static int storescu(String callingAet, String calledAet, int port, List<Path> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", callingAet, "-aec", calledAet, "127.0.0.1",
                Integer.toString(port)));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TCP_NODELAY", "1");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("storescu hung: " + out);
        }
        if (p.exitValue() != 0) {
            System.err.println(out);
        }
        return p.exitValue();
    }
}

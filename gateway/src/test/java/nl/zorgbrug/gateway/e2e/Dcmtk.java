package nl.zorgbrug.gateway.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static Process storescp(String aet, int port, Path dir, Path log) throws IOException {
        // -v: the log shows each association, which tests count.
        ProcessBuilder pb = new ProcessBuilder("storescp", "-v", "-aet", aet, "-od", dir.toString(), "+uf", "-fe", ".dcm",
                Integer.toString(port));
        pb.environment().put("TCP_NODELAY", "1");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
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

package nl.zorgbrug.app.cli.bsn;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real tools the interop tests check our output with: dcmtk's dcmdump and pydicom under
 * /usr/bin/python3. A missing tool skips the test on a developer machine and fails it under CI=true.
 */
final class Peers {
    static final String PYTHON = "/usr/bin/python3";

    record Run(int exitCode, String stdout, String stderr) {
    }

    private Peers() {
    }

    static void require(String what, String... probe) {
        boolean present;
        try {
            present = run(probe).exitCode() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(what + " is missing but CI=true: the interop tests must run in CI (.ci/run installs it)");
        }
        assumeTrue(present, what + " is not installed; skipping the interop check");
    }

    static void requireDcmdumpAndPydicom() {
        require("dcmtk (dcmdump)", "dcmdump", "--version");
        require("pydicom for " + PYTHON, PYTHON, "-c", "import pydicom");
    }

    /** Runs a command with TCP_NODELAY=1 in its environment (the dcmtk convention of this project). */
    static Run run(String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("TCP_NODELAY", "1");
        Path out = Files.createTempFile("peer", ".out");
        Path err = Files.createTempFile("peer", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 120 s");
            }
            // dcmdump prints values in the object's own character set: decode leniently, never fail on it.
            return new Run(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Copies a test script from the class path into dir and returns its path. */
    static Path script(Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        try (var in = Peers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("test resource " + name + " missing");
            }
            Files.copy(in, target);
        }
        return target;
    }

    static List<String> command(String first, List<Path> files, String... more) {
        List<String> cmd = new ArrayList<>(List.of(first));
        cmd.addAll(List.of(more));
        files.forEach(f -> cmd.add(f.toString()));
        return cmd;
    }
}

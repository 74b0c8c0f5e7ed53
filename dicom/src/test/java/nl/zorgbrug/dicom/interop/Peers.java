package nl.zorgbrug.dicom.interop;

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
 * The real DICOM peers the interop tests run against: Debian's dcmtk and python3-pydicom.
 * Under CI=true a missing peer fails the test (CI must never skip interop); on a developer's
 * machine the test is skipped with a hint to run .ci/run once.
 */
public final class Peers {
    /** Debian's interpreter, where python3-pydicom is installed (a pyenv python3 on PATH may lack it). */
    public static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private Peers() {
    }

    public static void require(String what, boolean present) {
        if (present) {
            return;
        }
        String message = what + " is not installed; run .ci/run (it installs the Debian test peers) or apt-get install it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
    }

    public static void requirePydicom() {
        require("python3-pydicom", run(List.of(PYTHON, "-c", "import pydicom"), null).exitCode() == 0);
    }

    public static void requireDcmtk() {
        require("dcmtk", run(List.of("dcmdump", "--version"), null).exitCode() == 0);
    }

    /** Output of a finished process. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command to completion (at most 5 minutes), with TCP_NODELAY=1 set for dcmtk peers. */
    public static Result run(List<String> command, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
            pb.environment().put("TCP_NODELAY", "1");
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Path out = Files.createTempFile("peer", ".out");
            Path err = Files.createTempFile("peer", ".err");
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, "", "timed out: " + command);
            }
            // Lenient decoding: dcmdump prints values in the object's own character set.
            Result r = new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", e.toString());
        }
    }
}

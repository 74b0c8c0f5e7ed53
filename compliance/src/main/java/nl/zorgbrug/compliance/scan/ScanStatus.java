package nl.zorgbrug.compliance.scan;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;

/**
 * Where a history scan stands, for the node's console (issue 18: "scans with live progress"): the scan runs on the
 * command line, outside the node, and writes this small file beside its journal's name into a folder the node reads
 * ({@code <data-dir>/compliance/scans}), once a second and when it ends. Counts only: the source (a folder or a PACS
 * address), the state, items done of the total, the rate, the time left, the unreadable count, and when it ended,
 * the error as the terminal showed it. Written to a temporary file and moved over the old one, so a reader never sees
 * half a file.
 */
public record ScanStatus(String source, String unit, State state, long done, long total, double perSecond,
                         Duration timeLeft, long unreadable, String message, Instant updated) {

    public enum State { RUNNING, DONE, FAILED }

    /** A running scan that has not written for this long has stopped without saying so (killed, machine down). */
    public static final Duration SILENT = Duration.ofMinutes(2);

    public static ScanStatus running(String source, String unit, ScanProgress p, Instant now) {
        return new ScanStatus(source, unit, State.RUNNING, p.done(), p.total(), p.perSecond(), p.timeLeft(),
                p.unreadable(), null, now);
    }

    public ScanStatus ended(State state, String message, Instant now) {
        return new ScanStatus(source, unit, state, state == State.DONE && total >= 0 ? total : done, total, perSecond,
                null, unreadable, message, now);
    }

    /** Share done in percent, or -1 while the total is being counted. */
    public double percent() {
        return total < 0 ? -1 : total == 0 ? 100.0 : 100.0 * done / total;
    }

    /** Still RUNNING on file, but silent for longer than {@link #SILENT}: it will resume when run again. */
    public boolean silent(Instant now) {
        return state == State.RUNNING && updated.plus(SILENT).isBefore(now);
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("source", source);
        p.setProperty("unit", unit);
        p.setProperty("state", state.name());
        p.setProperty("done", Long.toString(done));
        p.setProperty("total", Long.toString(total));
        p.setProperty("perSecond", Double.toString(perSecond));
        if (timeLeft != null) {
            p.setProperty("timeLeftSeconds", Long.toString(timeLeft.getSeconds()));
        }
        p.setProperty("unreadable", Long.toString(unreadable));
        if (message != null) {
            p.setProperty("message", message);
        }
        p.setProperty("updated", updated.toString());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "zorgbrug compliance scan status");
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static ScanStatus read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            String left = p.getProperty("timeLeftSeconds");
            return new ScanStatus(p.getProperty("source", file.getFileName().toString()), p.getProperty("unit", "items"),
                    State.valueOf(p.getProperty("state")), Long.parseLong(p.getProperty("done")),
                    Long.parseLong(p.getProperty("total")), Double.parseDouble(p.getProperty("perSecond", "0")),
                    left == null ? null : Duration.ofSeconds(Long.parseLong(left)),
                    Long.parseLong(p.getProperty("unreadable", "0")), p.getProperty("message"),
                    Instant.parse(p.getProperty("updated")));
        } catch (RuntimeException e) {
            throw new IOException("scan status " + file + " is not readable: " + e.getMessage(), e);
        }
    }

    /** Every scan status in the folder ({@code *.status}), the latest first; a file that cannot be read is left out. */
    public static List<ScanStatus> readAll(Path dir) {
        List<ScanStatus> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.status")) {
            for (Path f : files) {
                try {
                    out.add(read(f));
                } catch (IOException e) {
                    // Half-written by an older writer, or not ours: the page shows the others.
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(ScanStatus::updated).reversed());
        return out;
    }
}

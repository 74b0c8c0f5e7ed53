package nl.zorgbrug.compliance.scan;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ObjectResult;

/**
 * The checkpoint of a scan, so that a scan of ten million files interrupted or killed (kill -9, a reboot) resumes
 * where it was instead of starting from zero (issue 18). An append-only text file: a header naming what is scanned,
 * then per chunk of files its results, one line each, closed by a commit line. A chunk counts only once its commit
 * line is complete; whatever follows the last complete commit (a torn write at the kill) is cut off on resume and
 * scanned again. Chunks are committed in the source's order, so "the first n chunks" is the whole position.
 *
 * <p>The journal holds local patient numbers (for the remediation list's MPI look-up), never a BSN or a name; it
 * lives beside the scan's outputs, and is removed when the scan completes.
 *
 * <pre>
 * #zorgbrug-compliance-journal 1 TAB source TAB chunk-size
 * O TAB source TAB study TAB verdict TAB modality TAB date TAB patient-id TAB issuer TAB fix TAB fix-reason
 * U TAB source TAB reason
 * C TAB chunk-index TAB files TAB first-source
 * </pre>
 */
public final class ScanJournal implements Closeable {
    private static final String MAGIC = "#zorgbrug-compliance-journal 1";

    private final Path file;
    private final FileChannel channel;
    private final List<String> committedFirsts;
    private final List<Integer> committedSizes;
    private long lastForce = System.nanoTime();

    private ScanJournal(Path file, FileChannel channel, List<String> firsts, List<Integer> sizes) {
        this.file = file;
        this.channel = channel;
        this.committedFirsts = firsts;
        this.committedSizes = sizes;
    }

    /**
     * Opens the journal of a scan of {@code sourceId}, creating it when absent; the results of every committed chunk
     * are handed to {@code replay} in order. A journal of another scan is refused: it would mix two scans' counts.
     */
    public static ScanJournal open(Path file, String sourceId, int chunkSize, Consumer<ObjectResult> replay)
            throws IOException {
        String header = MAGIC + "\t" + escape(sourceId) + "\t" + chunkSize;
        if (!Files.exists(file) || Files.size(file) == 0) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            ch.write(ByteBuffer.wrap((header + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
            return new ScanJournal(file, ch, new ArrayList<>(), new ArrayList<>());
        }
        List<String> firsts = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        long goodEnd;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            LineReader lines = new LineReader(in);
            String first = lines.next();
            if (first == null || !first.equals(header)) {
                throw new IOException("the journal " + file + " belongs to another scan ("
                        + (first == null ? "empty header" : first.replace('\t', ' ')) + "), not to a scan of "
                        + sourceId + " in chunks of " + chunkSize + ": scan again with --restart, or give another --journal");
            }
            goodEnd = lines.offset();
            List<ObjectResult> pending = new ArrayList<>();
            String line;
            while ((line = lines.next()) != null) {
                ObjectResult r;
                try {
                    String[] f = line.split("\t", -1);
                    if (f[0].equals("C") && f.length == 4) {
                        if (Integer.parseInt(f[1]) != firsts.size() || Integer.parseInt(f[2]) != pending.size()) {
                            break; // not the commit that follows: stop trusting the rest
                        }
                        firsts.add(unescape(f[3]));
                        sizes.add(pending.size());
                        pending.forEach(replay);
                        pending.clear();
                        goodEnd = lines.offset();
                        continue;
                    }
                    r = parse(f);
                } catch (RuntimeException torn) {
                    break;
                }
                if (r == null) {
                    break;
                }
                pending.add(r);
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        ch.truncate(goodEnd);
        ch.position(goodEnd);
        return new ScanJournal(file, ch, firsts, sizes);
    }

    private static ObjectResult parse(String[] f) {
        if (f[0].equals("O") && f.length == 10) {
            return new ObjectResult.Classified(unescape(f[1]), unescape(f[2]), Verdict.valueOf(f[3]), unescape(f[4]),
                    unescape(f[5]), unescape(f[6]), unescape(f[7]), Fix.valueOf(f[8]), unescape(f[9]));
        }
        if (f[0].equals("U") && f.length == 3) {
            return new ObjectResult.Unreadable(unescape(f[1]), unescape(f[2]));
        }
        return null;
    }

    /** Chunks already done, in order. */
    public int committedChunks() {
        return committedFirsts.size();
    }

    /** The first file's name and the number of files of committed chunk {@code i}, to check the source is unchanged. */
    public String committedFirst(int i) {
        return committedFirsts.get(i);
    }

    public int committedSize(int i) {
        return committedSizes.get(i);
    }

    public long committedFiles() {
        long n = 0;
        for (int s : committedSizes) {
            n += s;
        }
        return n;
    }

    /** Appends the next chunk's results and its commit line in one write. */
    public void commit(List<ObjectResult> results, String firstSource) throws IOException {
        StringBuilder sb = new StringBuilder(results.size() * 160);
        for (ObjectResult r : results) {
            if (r instanceof ObjectResult.Classified c) {
                sb.append("O\t").append(escape(c.source())).append('\t').append(escape(c.studyUid())).append('\t')
                        .append(c.verdict().name()).append('\t').append(escape(c.modality())).append('\t')
                        .append(escape(c.studyDate())).append('\t').append(escape(c.patientId())).append('\t')
                        .append(escape(c.issuer())).append('\t').append(c.fix().name()).append('\t')
                        .append(escape(c.fixReason())).append('\n');
            } else {
                ObjectResult.Unreadable u = (ObjectResult.Unreadable) r;
                sb.append("U\t").append(escape(u.source())).append('\t').append(escape(u.reason())).append('\n');
            }
        }
        sb.append("C\t").append(committedFirsts.size()).append('\t').append(results.size()).append('\t')
                .append(escape(firstSource)).append('\n');
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        committedFirsts.add(firstSource);
        committedSizes.add(results.size());
        // A killed process loses nothing written (the page cache keeps it); forcing about once a second bounds
        // what a power cut can take back, without a disk flush per chunk.
        if (System.nanoTime() - lastForce > 1_000_000_000L) {
            channel.force(false);
            lastForce = System.nanoTime();
        }
    }

    /** The scan is complete: the journal has served its purpose. */
    public void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }

    static String escape(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\\') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Lines ending in '\n' with the byte offset after each; a last line without '\n' is torn and not returned. */
    private static final class LineReader {
        private final InputStream in;
        private long offset;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

        LineReader(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            line.reset();
            long start = offset;
            int b;
            while ((b = in.read()) >= 0) {
                offset++;
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            offset = start;
            return null;
        }

        long offset() {
            return offset;
        }
    }
}

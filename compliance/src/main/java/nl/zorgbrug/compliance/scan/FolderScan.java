package nl.zorgbrug.compliance.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import nl.zorgbrug.compliance.tally.ComplianceTally;
import nl.zorgbrug.compliance.tally.ObjectResult;

/**
 * The history scan of a folder tree or a DICOMDIR (issue 18): each file's header read and classified on
 * {@code threads} threads, in chunks committed to the {@link ScanJournal} in the source's order, so a scan
 * interrupted anywhere resumes after its last committed chunk and ends with the same counts as one that ran through.
 * Unreadable and non-DICOM files are counted with their reason; nothing stops the scan but a failing journal.
 */
public final class FolderScan {

    /**
     * {@code threads} readers; {@code chunkSize} files per journal commit (the most a kill makes us read again per
     * thread); {@code throttle} bounds files read per second; {@code journal} is the checkpoint file.
     */
    public record Settings(int threads, int chunkSize, Throttle throttle, Path journal) {
        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be 1 or more, not " + threads);
            }
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunk size must be 1 or more, not " + chunkSize);
            }
            Objects.requireNonNull(throttle, "throttle");
            Objects.requireNonNull(journal, "journal");
        }
    }

    /** What a run did: the tally (the journal's chunks plus this run's), and how much of it this run read. */
    public record Result(ComplianceTally tally, long files, long resumedFiles) {
    }

    private final FileSource source;
    private final FileReader reader;
    private final Settings settings;
    private final Consumer<ScanProgress> progress;

    public FolderScan(FileSource source, FileReader reader, Settings settings, Consumer<ScanProgress> progress) {
        this.source = source;
        this.reader = reader;
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs (or resumes) the scan to its end; the journal is removed once every file is counted. */
    public Result run() throws IOException, InterruptedException {
        return run(new ComplianceTally());
    }

    /** As {@link #run()}, counting into {@code tally} (empty; e.g. one limited to a period of study dates). */
    public Result run(ComplianceTally tally) throws IOException, InterruptedException {
        AtomicLong total = new AtomicLong(-1);
        Thread counter = new Thread(() -> {
            try {
                total.set(source.count());
            } catch (IOException | RuntimeException e) {
                // Only the time left is lost; the scan itself walks and reports what it cannot reach.
            }
        }, "compliance-scan-count");
        counter.setDaemon(true);
        counter.start();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "compliance-scan");
            t.setDaemon(true);
            return t;
        });
        try (ScanJournal journal = ScanJournal.open(settings.journal(), source.id(), settings.chunkSize(), tally::add)) {
            long resumed = journal.committedFiles();
            Committer committer = new Committer(journal, tally, total, resumed);
            Deque<Future<Chunk>> inFlight = new ArrayDeque<>();
            int chunkIndex = 0;
            List<SourceFile> batch = new ArrayList<>(settings.chunkSize());
            for (SourceFile f : source) {
                batch.add(f);
                if (batch.size() < settings.chunkSize()) {
                    continue;
                }
                List<SourceFile> full = batch;
                batch = new ArrayList<>(settings.chunkSize());
                if (chunkIndex < journal.committedChunks()) {
                    checkUnchanged(journal, chunkIndex++, full);
                    continue;
                }
                chunkIndex++;
                inFlight.add(pool.submit(() -> read(full)));
                if (inFlight.size() >= settings.threads() * 2) {
                    committer.commit(await(inFlight.poll()));
                }
            }
            if (!batch.isEmpty()) {
                if (chunkIndex < journal.committedChunks()) {
                    checkUnchanged(journal, chunkIndex, batch);
                } else {
                    List<SourceFile> last = batch;
                    inFlight.add(pool.submit(() -> read(last)));
                }
            }
            while (!inFlight.isEmpty()) {
                committer.commit(await(inFlight.poll()));
            }
            total.set(resumed + committer.doneThisRun);
            committer.report();
            journal.delete();
            return new Result(tally, resumed + committer.doneThisRun, resumed);
        } finally {
            pool.shutdownNow();
        }
    }

    private record Chunk(String first, List<ObjectResult> results) {
    }

    private Chunk read(List<SourceFile> files) throws InterruptedException {
        List<ObjectResult> results = new ArrayList<>(files.size());
        for (SourceFile f : files) {
            if (f.problem() != null) {
                results.add(new ObjectResult.Unreadable(f.name(), f.problem()));
                continue;
            }
            settings.throttle().acquire();
            results.add(reader.read(f.file(), f.name()));
        }
        return new Chunk(files.get(0).name(), results);
    }

    private static Chunk await(Future<Chunk> f) throws InterruptedException, IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IOException("a scan thread failed: " + cause, cause);
        }
    }

    private void checkUnchanged(ScanJournal journal, int index, List<SourceFile> files) throws IOException {
        if (!journal.committedFirst(index).equals(files.get(0).name()) || journal.committedSize(index) != files.size()) {
            throw new IOException("the files to scan changed since the interrupted scan: its chunk " + index + " began with "
                    + journal.committedFirst(index) + " (" + journal.committedSize(index) + " files), now with "
                    + files.get(0).name() + " (" + files.size() + " files). Its counts would not add up: scan again"
                    + " from the start with --restart (the journal is " + settings.journal() + ")");
        }
    }

    /** Commits chunks in order on the scan's own thread and reports progress about once a second. */
    private final class Committer {
        private final ScanJournal journal;
        private final ComplianceTally tally;
        private final AtomicLong total;
        private final long resumed;
        private final long start = System.nanoTime();
        private long doneThisRun;
        private long lastReport;

        Committer(ScanJournal journal, ComplianceTally tally, AtomicLong total, long resumed) {
            this.journal = journal;
            this.tally = tally;
            this.total = total;
            this.resumed = resumed;
        }

        void commit(Chunk chunk) throws IOException {
            journal.commit(chunk.results(), chunk.first());
            chunk.results().forEach(tally::add);
            doneThisRun += chunk.results().size();
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                report();
            }
        }

        void report() {
            lastReport = System.nanoTime();
            progress.accept(ScanProgress.of(resumed + doneThisRun, total.get(), doneThisRun, lastReport - start,
                    tally.unreadableCount()));
        }
    }
}

package nl.zorgbrug.compliance.pacs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import nl.zorgbrug.compliance.scan.HeaderClassifier;
import nl.zorgbrug.compliance.scan.ScanJournal;
import nl.zorgbrug.compliance.scan.ScanProgress;
import nl.zorgbrug.compliance.scan.Throttle;
import nl.zorgbrug.compliance.tally.ComplianceTally;
import nl.zorgbrug.compliance.tally.ObjectResult;
import nl.zorgbrug.compliance.tally.StudyPeriod;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.net.assoc.AssociationRejectedException;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.RemoteAe;

/**
 * The history scan of a PACS over the network (issue 18): a C-FIND at STUDY level per month of study date, each
 * study classified from its identifier, or, where the PACS does not return the identity keys, from the header of one
 * of its instances fetched with C-GET or C-MOVE ({@link StudyQueries}, {@link RetrieveWith}). Each month is one chunk of the {@link ScanJournal}: a
 * scan interrupted, killed, or cut off by a PACS that drops the association resumes at the first month not done. A
 * month whose association breaks is tried again after a growing pause, {@code attempts} times in all; a refusal (an
 * unknown AE title, a failure status) stops the scan with the reason. Every request waits for the throttle and
 * outside the office hours.
 *
 * <p>A PACS scan counts studies: one "object" per study in the tally, the identifier or the retrieved header.
 */
public final class PacsScan {

    /** {@code associations} months at once; {@code attempts} per month; the first pause after a break. */
    public record Settings(RemoteAe pacs, StudyPeriod period, int associations, Throttle throttle, ScanWindow window,
                           int attempts, Duration firstRetryWait, Retrieval retrieve, RetrieveWith retrieveWith,
                           MoveDestination move, Path journal) {
        /** C-GET only (no storage SCP of our own). */
        public Settings(RemoteAe pacs, StudyPeriod period, int associations, Throttle throttle, ScanWindow window,
                        int attempts, Duration firstRetryWait, Retrieval retrieve, Path journal) {
            this(pacs, period, associations, throttle, window, attempts, firstRetryWait, retrieve, RetrieveWith.GET,
                    null, journal);
        }

        public Settings {
            Objects.requireNonNull(retrieveWith, "retrieveWith");
            if (retrieveWith != RetrieveWith.GET && move == null) {
                throw new IllegalArgumentException("C-MOVE needs the destination: our AE title and storage SCP port");
            }
            if (move != null && !move.aeTitle().equals(pacs.callingAeTitle())) {
                throw new IllegalArgumentException("the C-MOVE destination must be the scan's own AE title "
                        + pacs.callingAeTitle() + ", not " + move.aeTitle());
            }
            Objects.requireNonNull(pacs, "pacs");
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(throttle, "throttle");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(retrieve, "retrieve");
            Objects.requireNonNull(journal, "journal");
            if (associations < 1 || attempts < 1) {
                throw new IllegalArgumentException("associations and attempts must be 1 or more");
            }
        }
    }

    /**
     * The tally, the studies counted, how many of them the journal held, the broken associations retried, for how
     * many studies of this run an instance was retrieved because the PACS left out identity keys, how (GET or MOVE;
     * AUTO when nothing was retrieved), and why C-MOVE was used (null for C-GET).
     */
    public record Result(ComplianceTally tally, long studies, long resumedStudies, int retries, int retrievedHeaders,
                         RetrieveWith retrievedWith, String moveReason) {
    }

    private final Settings settings;
    private final Connector connector;
    private final HeaderClassifier classifier;
    private final Consumer<ScanProgress> progress;
    private final Clock clock;
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger retrieved = new AtomicInteger();

    public PacsScan(Settings settings, Connector connector, HeaderClassifier classifier, Consumer<ScanProgress> progress,
                    Clock clock) {
        this.settings = settings;
        this.connector = connector;
        this.classifier = classifier;
        this.progress = progress;
        this.clock = clock;
    }

    /** The scan's chunks: a month each from the period's start, or one over the whole period when it has none. */
    static List<Chunk> chunks(StudyPeriod period, LocalDate today) {
        if (period.from() == null) {
            return List.of(new Chunk("all", period.dicomRange()));
        }
        LocalDate end = period.to() == null ? today : period.to();
        List<Chunk> out = new ArrayList<>();
        for (YearMonth m = YearMonth.from(period.from()); !m.atDay(1).isAfter(end); m = m.plusMonths(1)) {
            LocalDate from = m.atDay(1).isBefore(period.from()) ? period.from() : m.atDay(1);
            LocalDate to = m.atEndOfMonth().isAfter(end) ? end : m.atEndOfMonth();
            out.add(new Chunk(m.toString(), new StudyPeriod(from, to).dicomRange()));
        }
        return out;
    }

    /** A label for the journal and messages, and the Study Date matching key. */
    record Chunk(String label, String studyDateRange) {
    }

    public Result run(ComplianceTally tally) throws IOException, InterruptedException {
        try (InstanceRetrieval retrieval = new InstanceRetrieval(settings.retrieveWith(), settings.move(),
                connector.options())) {
            if (settings.retrieveWith() == RetrieveWith.MOVE && settings.retrieve() != Retrieval.NEVER) {
                // Asked for by name: listen from the start, so a port in use stops the scan before any query.
                retrieval.useMove("--retrieve-with MOVE");
            }
            return run(tally, retrieval);
        }
    }

    private Result run(ComplianceTally tally, InstanceRetrieval retrieval) throws IOException, InterruptedException {
        List<Chunk> chunks = chunks(settings.period(), LocalDate.now(clock));
        ExecutorService pool = Executors.newFixedThreadPool(settings.associations(), r -> {
            Thread t = new Thread(r, "compliance-pacs-scan");
            t.setDaemon(true);
            return t;
        });
        String id = "PACS " + settings.pacs() + " as " + settings.pacs().callingAeTitle() + " studies "
                + (settings.period().unbounded() ? "all" : settings.period().dicomRange());
        try (ScanJournal journal = ScanJournal.open(settings.journal(), id, 0, tally::add)) {
            long resumed = journal.committedFiles();
            long start = System.nanoTime();
            long studies = resumed;
            Deque<Future<List<ObjectResult>>> inFlight = new ArrayDeque<>();
            Deque<Chunk> pending = new ArrayDeque<>();
            int done = journal.committedChunks();
            for (int i = 0; i < done; i++) {
                if (!journal.committedFirst(i).equals(chunks.get(i).label())) {
                    throw new IOException("the journal " + settings.journal() + " holds month " + journal.committedFirst(i)
                            + " where this scan has " + chunks.get(i).label() + ": scan again with --restart");
                }
            }
            int doneThisRun = 0;
            for (int i = done; i < chunks.size(); i++) {
                Chunk c = chunks.get(i);
                pending.add(c);
                inFlight.add(pool.submit(() -> scanWithRetries(c, retrieval)));
                if (inFlight.size() >= settings.associations()) {
                    studies += commit(journal, tally, pending.poll(), await(inFlight.poll()));
                    report(++doneThisRun + done, chunks.size(), doneThisRun, start, tally);
                }
            }
            while (!inFlight.isEmpty()) {
                studies += commit(journal, tally, pending.poll(), await(inFlight.poll()));
                report(++doneThisRun + done, chunks.size(), doneThisRun, start, tally);
            }
            journal.delete();
            return new Result(tally, studies, resumed, retries.get(), retrieved.get(),
                    retrieved.get() == 0 ? RetrieveWith.AUTO : retrieval.current() == RetrieveWith.AUTO ? RetrieveWith.GET
                            : retrieval.current(), retrieval.current() == RetrieveWith.MOVE ? retrieval.moveReason() : null);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long commit(ScanJournal journal, ComplianceTally tally, Chunk chunk, List<ObjectResult> results)
            throws IOException {
        journal.commit(results, chunk.label());
        results.forEach(tally::add);
        return results.size();
    }

    private void report(long done, long total, long doneThisRun, long start, ComplianceTally tally) {
        progress.accept(new ScanProgress(done, total, doneThisRun,
                doneThisRun * 1e9 / Math.max(1, System.nanoTime() - start),
                Duration.ofNanos((long) ((total - done) * (double) (System.nanoTime() - start) / Math.max(1, doneThisRun))),
                tally.unreadableCount()));
    }

    private List<ObjectResult> scanWithRetries(Chunk chunk, InstanceRetrieval retrieval)
            throws IOException, InterruptedException {
        Duration wait = settings.firstRetryWait();
        for (int attempt = 1; ; attempt++) {
            AtomicInteger retrievedHere = new AtomicInteger();
            try {
                List<ObjectResult> results = new StudyQueries(settings.pacs(), connector, classifier,
                        this::beforeRequest, settings.retrieve(), retrieval, retrievedHere).scan(chunk.studyDateRange());
                retrieved.addAndGet(retrievedHere.get());
                return results;
            } catch (GetRefused e) {
                // The month again, with C-MOVE: not a retry, the PACS answered as it is configured.
                retrieval.useMove(e.getMessage());
                attempt--;
            } catch (PacsRefusedException e) {
                throw e;
            } catch (AssociationRejectedException e) {
                throw new PacsRefusedException(settings.pacs() + " rejected the association from AE title "
                        + settings.pacs().callingAeTitle() + ": " + e.getMessage() + ". The PACS must know this AE title"
                        + " (and our host) as a DICOM node that may query and retrieve.", e);
            } catch (IOException e) {
                if (attempt >= settings.attempts()) {
                    throw new IOException("month " + chunk.label() + " of " + settings.pacs() + " failed " + attempt
                            + " times, last: " + e.getMessage() + ". The journal keeps what was done: run the same"
                            + " command again to resume", e);
                }
                retries.incrementAndGet();
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2);
            }
        }
    }

    /** Before every DIMSE request: wait out the office hours, then the throttle. */
    private void beforeRequest() throws InterruptedException {
        while (true) {
            Duration w = settings.window().waitFrom(ZonedDateTime.now(clock));
            if (w.isZero()) {
                break;
            }
            Thread.sleep(Math.min(w.toMillis() + 1, 60_000));
        }
        settings.throttle().acquire();
    }

    private static List<ObjectResult> await(Future<List<ObjectResult>> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IOException("a PACS scan thread failed: " + e.getCause(), e.getCause());
        }
    }
}

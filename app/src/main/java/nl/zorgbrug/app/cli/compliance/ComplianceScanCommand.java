package nl.zorgbrug.app.cli.compliance;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.swap.ExportSwap;
import nl.zorgbrug.bsn.swap.MissingIssuer;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.compliance.pacs.MoveDestination;
import nl.zorgbrug.dicom.net.service.RemoteAe;
import nl.zorgbrug.compliance.pacs.RetrieveWith;
import nl.zorgbrug.compliance.pacs.PacsScan;
import nl.zorgbrug.compliance.pacs.ScanWindow;
import nl.zorgbrug.compliance.pacs.Retrieval;
import nl.zorgbrug.compliance.report.ScanReport;
import nl.zorgbrug.compliance.report.ScanReports;
import nl.zorgbrug.compliance.scan.FileReader;
import nl.zorgbrug.compliance.scan.FileSource;
import nl.zorgbrug.compliance.scan.FolderScan;
import nl.zorgbrug.compliance.scan.HeaderClassifier;
import nl.zorgbrug.compliance.scan.MpiBsns;
import nl.zorgbrug.compliance.scan.ScanProgress;
import nl.zorgbrug.compliance.scan.ScanStatus;
import nl.zorgbrug.compliance.scan.SwapCheck;
import nl.zorgbrug.compliance.scan.Throttle;
import nl.zorgbrug.compliance.tally.ComplianceTally;
import nl.zorgbrug.compliance.tally.MpiBsn;
import nl.zorgbrug.compliance.tally.ScanSummary;
import nl.zorgbrug.compliance.tally.StudyPeriod;
import nl.zorgbrug.app.cli.PeerAddress;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zorgbrug compliance scan DIR|--pacs AET@host:port}: the history scan of issue 18, with a progress line on the
 * terminal, the summary on stdout (counts and shares, no identifiers), and the remediation list as CSV and everything
 * as JSON. Exit 0 when the scan completed (unreadable files are part of the result), 1 when it could not (the journal
 * keeps what was done: the same command resumes), 2 for a usage error.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"History scan: the BSN verdict of every object of a folder tree, a DICOMDIR or a PACS, per study,"
                + " per year of study date and per modality, and the studies without a correct BSN.",
                "Resumable: an interrupted scan continues where it was when run again with the same arguments."})
public final class ComplianceScanCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|DICOMDIR",
            description = "The folder tree (PS3.10 files) or the DICOMDIR file to scan.")
    Path folder;

    @Option(names = "--pacs", paramLabel = "AET@HOST:PORT",
            description = "Scan a PACS instead (C-FIND, and C-GET or C-MOVE of one instance where needed). The PACS must"
                    + " know our AE title (--aet) as a node that may query and retrieve; for C-MOVE with this host and"
                    + " --move-port.")
    String pacs;

    @Option(names = "--aet", defaultValue = "ZORGBRUG", paramLabel = "AET",
            description = "Our (calling) AE title towards the PACS. Default: ${DEFAULT-VALUE}.")
    String aet;

    @Option(names = "--from", paramLabel = "DATE", description = "First study date counted (YYYY-MM-DD or YYYYMMDD)."
            + " With a PACS the scan goes month by month from here, resumable per month.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last study date counted (inclusive).")
    String to;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the studies without a correct BSN here (CSV).")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "Write all results here (JSON, with byVerdict).")
    Path json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write the printable report here (XHTML,"
            + " Dutch): the share per year of study date and per modality against 95% as charts, per verdict; counts"
            + " only, no patient identifier.")
    Path report;

    @Option(names = "--mpi", paramLabel = "MPI.csv", description = "The MPI (CSV: " + "local_id,local_issuer,bsn,"
            + "bsn_status,family_name,given_name,birth_date,sex): the remediation list gets the BSN it knows and"
            + " whether the export swap would fix the study. Needs --local-issuer.")
    Path mpi;

    @Option(names = "--local-issuer", paramLabel = "OID",
            description = "The hospital's issuer of patient numbers (repeatable; the first is the export swap's).")
    List<String> localIssuers = new ArrayList<>();

    @Option(names = "--assume-local", description = "Patient IDs without issuer are the hospital's own numbers"
            + " (most PACSes before the guideline): the export swap takes them as local.")
    boolean assumeLocal;

    @Option(names = "--exempt-issuer", paramLabel = "OID", description = "Issuer of temporary IDs (repeatable).")
    List<String> exemptIssuers = new ArrayList<>();

    @Option(names = "--exempt-name", paramLabel = "REGEX", description = "Patient's Name of patients without BSN,"
            + " e.g. '^ONBEKEND' (repeatable).")
    List<String> exemptNames = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Files read at once. Default: the number of cores.")
    Integer threads;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0", description = "At most N files (folder) or"
            + " requests (PACS) per second; 0 is no limit. Default: ${DEFAULT-VALUE}, and 5 for a PACS.")
    double rate;

    @Option(names = "--associations", paramLabel = "N", defaultValue = "1",
            description = "PACS: months queried at once, one association each. Default: ${DEFAULT-VALUE}.")
    int associations;

    @Option(names = "--office-hours", paramLabel = "HH:MM-HH:MM", description = "PACS: do not query on workdays"
            + " between these local times, e.g. 07:00-18:00.")
    String officeHours;

    @Option(names = "--retrieve", defaultValue = "WHEN_KEYS_MISSING", paramLabel = "WHEN",
            description = "PACS: fetch one instance per study ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Retrieval retrieve;

    @Option(names = "--retrieve-with", defaultValue = "AUTO", paramLabel = "HOW",
            description = "PACS: fetch that instance with ${COMPLETION-CANDIDATES}. AUTO: C-GET, and C-MOVE when the PACS"
                    + " rejects the C-GET context or refuses the first C-GET. Default: ${DEFAULT-VALUE}.")
    RetrieveWith retrieveWith;

    @Option(names = "--move-port", paramLabel = "PORT", defaultValue = "11113",
            description = "PACS, C-MOVE: the port of the scan's own short-lived storage SCP (AE title --aet), which the"
                    + " PACS must have registered for our AE title. Default: ${DEFAULT-VALUE}.")
    int movePort;

    @Option(names = "--move-bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "PACS, C-MOVE: the local address the storage SCP listens on. Default: ${DEFAULT-VALUE} (all).")
    String moveBind;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "PACS: how long to wait for an answer. Default: ${DEFAULT-VALUE}.")
    int timeout;

    @Option(names = "--journal", paramLabel = "FILE", description = "The checkpoint of the scan. Default: a file"
            + " named after what is scanned, in the current folder.")
    Path journal;

    @Option(names = "--status-dir", paramLabel = "DIR", description = "Where the scan writes its progress for the node's"
            + " console (Meting, Scans), once a second: counts only. Default: the node's data folder's compliance/scans"
            + " (ZORGBRUG_DATA_DIR, else ./data).")
    Path statusDir;

    @Option(names = "--restart", description = "Throw away the journal of an earlier, unfinished scan of the same"
            + " source and start from zero.")
    boolean restart;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((folder == null) == (pacs == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name a folder or DICOMDIR to scan, or --pacs"
                    + " AET@HOST:PORT, not both");
        }
        StudyPeriod period = new StudyPeriod(date("--from", from), date("--to", to));
        if (mpi != null && localIssuers.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mpi needs --local-issuer (the issuer of the"
                    + " hospital's patient numbers in the MPI)");
        }
        try {
            CsvMasterPatientIndex index = mpi == null ? null : CsvMasterPatientIndex.load(mpi);
            HeaderClassifier classifier = new HeaderClassifier(new BsnClassifier(new ExemptionRules(Set.copyOf(localIssuers),
                    Set.copyOf(exemptIssuers), patterns())), index == null ? null
                    : new SwapCheck(new ExportSwap(SwapPolicy.of(localIssuers.get(0))), index,
                            assumeLocal ? MissingIssuer.ASSUME_LOCAL : MissingIssuer.HOLD, Instant.now()));
            MpiBsn mpiBsn = index == null ? MpiBsn.none() : MpiBsns.of(index, localIssuers.get(0));
            Progress progress = new Progress(err, System.console() != null);
            
            ScanSummary summary;
            String source;
            if (folder != null) {
                FileSource files = FileSource.of(folder);
                source = files.id();
                Path j = journalFile(source);
                progress.status = status(source, "files");
                int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
                FolderScan.Result r = new FolderScan(files, new FileReader(classifier),
                        new FolderScan.Settings(n, 256, new Throttle(rate), j), p -> progress.show(p, "files"))
                        .run(new ComplianceTally(period));
                progress.end();
                if (r.resumedFiles() > 0) {
                    err.println("resumed: " + r.resumedFiles() + " of " + r.files() + " files came from the journal");
                }
                summary = r.tally().summary(mpiBsn);
                if (r.tally().outsidePeriod() > 0) {
                    out.println(r.tally().outsidePeriod() + " objects outside the period (or without a usable study date)"
                            + " were left out");
                }
            } else {
                PeerAddress peer = PeerAddress.parse(pacs);
                RemoteAe address = new RemoteAe(peer.aeTitle(), peer.host(), peer.port(), aet);
                source = "PACS " + address;
                Path j = journalFile(source);
                progress.status = status(source, "months");
                PacsScan.Settings settings = new PacsScan.Settings(address, period, associations,
                        new Throttle(rate == 0 ? 5 : rate), officeHours == null ? ScanWindow.ALWAYS
                        : ScanWindow.officeHours(officeHours), 5, Duration.ofSeconds(5), retrieve, retrieveWith,
                        new MoveDestination(aet, java.net.InetAddress.getByName(moveBind), movePort), j);
                Connector connector = new Connector(AssociationOptions.DEFAULT.withResponseTimeout(timeout * 1000));
                PacsScan.Result r = new PacsScan(settings, connector, classifier, p -> progress.show(p, "months"),
                        Clock.systemDefaultZone()).run(new ComplianceTally(period));
                progress.end();
                if (r.resumedStudies() > 0) {
                    err.println("resumed: " + r.resumedStudies() + " studies came from the journal");
                }
                err.println(r.studies() + " studies; " + r.retrievedHeaders() + " needed one instance"
                        + (r.retrievedWith() == RetrieveWith.MOVE ? " by C-MOVE to " + aet + " port " + movePort + " ("
                        + r.moveReason() + ")" : r.retrievedWith() == RetrieveWith.GET ? " by C-GET" : "") + "; "
                        + r.retries() + " broken associations retried");
                summary = r.tally().summary(mpiBsn);
            }
            progress.ended(ScanStatus.State.DONE, null);
            out.print(ScanReports.text(summary));
            if (csv != null) {
                Files.writeString(csv, ScanReports.csv(summary), StandardCharsets.UTF_8);
                out.println("remediation list: " + csv);
            }
            if (json != null) {
                Files.writeString(json, ScanReports.json(summary, source), StandardCharsets.UTF_8);
                out.println("results: " + json);
            }
            if (report != null) {
                Files.writeString(report, ScanReport.xhtml(summary, source, Instant.now(), java.time.ZoneId.systemDefault()),
                        StandardCharsets.UTF_8);
                out.println("report: " + report);
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            failed(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println();
            err.println("error: " + e.getMessage());
            failed(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted: the journal keeps what was done; run the same command again to resume");
            failed("interrupted: run the same command again to resume");
            return 1;
        }
    }

    private Progress current;

    private void failed(String message) {
        if (current != null) {
            current.ended(ScanStatus.State.FAILED, message);
        }
    }

    /** The status file the node's console reads, named like the journal after what is scanned. */
    private StatusFile status(String source, String unit) {
        Path dir = statusDir;
        if (dir == null) {
            String data = System.getenv("ZORGBRUG_DATA_DIR");
            dir = Path.of(data == null || data.isBlank() ? "data" : data).resolve("compliance").resolve("scans");
        }
        return new StatusFile(dir.resolve("zorgbrug-scan-" + Integer.toHexString(source.hashCode()) + ".status"),
                source, unit, spec.commandLine().getErr());
    }

    /**
     * Writes the scan's {@link ScanStatus} at most once a second and when it ends. A status that cannot be written
     * (a folder without write access) is said once and does not stop the scan: the terminal still shows the progress.
     */
    static final class StatusFile {
        private final Path file;
        private final String source;
        private final String unit;
        private final PrintWriter err;
        private ScanStatus last;
        private long lastWrite;
        private boolean warned;

        StatusFile(Path file, String source, String unit, PrintWriter err) {
            this.file = file;
            this.source = source;
            this.unit = unit;
            this.err = err;
        }

        void progress(ScanProgress p) {
            last = ScanStatus.running(source, unit, p, Instant.now());
            if (System.nanoTime() - lastWrite > 1_000_000_000L || p.done() == p.total()) {
                lastWrite = System.nanoTime();
                write(last);
            }
        }

        void ended(ScanStatus.State state, String message) {
            ScanStatus s = last != null ? last : ScanStatus.running(source, unit,
                    new ScanProgress(0, -1, 0, 0, null, 0), Instant.now());
            write(s.ended(state, message, Instant.now()));
        }

        private void write(ScanStatus s) {
            try {
                s.write(file);
            } catch (IOException e) {
                if (!warned) {
                    warned = true;
                    err.println("note: the progress for the node's console cannot be written to " + file + ": "
                            + e.getMessage());
                }
            }
        }
    }

    private Path journalFile(String source) throws IOException {
        Path j = journal != null ? journal : Path.of("zorgbrug-scan-" + Integer.toHexString(source.hashCode()) + ".journal");
        if (restart) {
            Files.deleteIfExists(j);
        } else if (Files.exists(j)) {
            spec.commandLine().getErr().println("resuming the unfinished scan in " + j.toAbsolutePath()
                    + " (--restart starts from zero)");
        }
        return j;
    }

    private List<Pattern> patterns() {
        List<Pattern> out = new ArrayList<>();
        for (String p : exemptNames) {
            try {
                out.add(Pattern.compile(p));
            } catch (PatternSyntaxException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--exempt-name '" + p
                        + "' is not a regular expression: " + e.getDescription());
            }
        }
        return out;
    }

    private LocalDate date(String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 8 ? LocalDate.parse(text, java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                    : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " '" + text
                    + "' is not a date: give YYYY-MM-DD or YYYYMMDD");
        }
    }

    /** The progress line: redrawn in place on a terminal, one line every 10 s into a log. */
    private final class Progress {
        private final PrintWriter err;
        private final boolean terminal;
        private long lastLine;
        private boolean drawn;
        StatusFile status;

        Progress(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
            current = this;
        }

        void ended(ScanStatus.State state, String message) {
            if (status != null) {
                status.ended(state, message);
                status = null;
            }
        }

        void show(ScanProgress p, String unit) {
            if (status != null) {
                status.progress(p);
            }
            if (terminal) {
                err.print("\r" + String.format(Locale.ROOT, "%-100s", p.line(unit)));
                drawn = true;
                err.flush();
            } else if (System.nanoTime() - lastLine > 10_000_000_000L || p.total() == p.done()) {
                lastLine = System.nanoTime();
                err.println(p.line(unit));
                err.flush();
            }
        }

        void end() {
            if (drawn) {
                err.println();
                err.flush();
            }
        }
    }
}

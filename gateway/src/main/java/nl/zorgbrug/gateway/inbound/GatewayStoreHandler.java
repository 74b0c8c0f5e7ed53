package nl.zorgbrug.gateway.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.CStoreHandler;
import nl.zorgbrug.dicom.net.service.StoreRequest;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineState;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.RouteDecision;
import nl.zorgbrug.gateway.spool.SpoolFullException;
import nl.zorgbrug.gateway.spool.Spool;
import nl.zorgbrug.gateway.spool.SpooledObject;

/**
 * The gateway's C-STORE SCP: the object is streamed into the spool as a PS3.10 file (its structure
 * checked on the way) and forced to disk, the route decides, and the job or quarantine row is
 * committed — only then does the sender hear Success. The original is kept as received; the route's
 * edits are applied when it is delivered, so nothing is lost whatever the route decides.
 *
 * <p>Status (PS3.4 B.2.3): 0x0000 once safe; 0xA700 when the spool's disk is full (nothing
 * half-written kept, the sender retries); 0xC000 when the data set cannot be parsed; 0x0110 when
 * no route serves the called AE title.
 */
public final class GatewayStoreHandler implements CStoreHandler {
    private static final System.Logger LOG = System.getLogger(GatewayStoreHandler.class.getName());

    private final Spool spool;
    private final Map<String, Route> routesByCalledAe;
    private final JobManager jobs;
    private final JobRepository jobRepository;
    private final QuarantineRepository quarantine;
    private final Duration quietTime;
    private final Clock clock;
    private final Consumer<Job> urgent;
    private final Listener listener;
    private final JobJoined joined;

    /** Told of every object received, for metrics: route, bytes, and what the route decided. */
    @FunctionalInterface
    public interface Listener {
        void received(Route route, long bytes, RouteDecision decision);
    }

    /**
     * Told of every object that joined a job, once the job is committed (the study manifest: the sender's
     * remark and the announced instances). A failure here is logged; the object is safe and its sender hears Success.
     */
    @FunctionalInterface
    public interface JobJoined {
        JobJoined NONE = (job, route, spooled, head) -> { };

        void joined(Job job, Route route, SpooledObject spooled, DataSet head) throws IOException;
    }

    /**
     * @param quietTime study completeness: a non-urgent job is due when no instance arrived for this long
     * @param urgent    told at once about each job of an emergency route (the delivery runner wakes up)
     */
    public GatewayStoreHandler(Spool spool, List<Route> routes, JobManager jobs, JobRepository jobRepository,
                               QuarantineRepository quarantine, Duration quietTime, Clock clock, Consumer<Job> urgent) {
        this(spool, routes, jobs, jobRepository, quarantine, quietTime, clock, urgent, (r, b, d) -> { });
    }

    public GatewayStoreHandler(Spool spool, List<Route> routes, JobManager jobs, JobRepository jobRepository,
                               QuarantineRepository quarantine, Duration quietTime, Clock clock, Consumer<Job> urgent,
                               Listener listener) {
        this(spool, routes, jobs, jobRepository, quarantine, quietTime, clock, urgent, listener, JobJoined.NONE);
    }

    public GatewayStoreHandler(Spool spool, List<Route> routes, JobManager jobs, JobRepository jobRepository,
                               QuarantineRepository quarantine, Duration quietTime, Clock clock, Consumer<Job> urgent,
                               Listener listener, JobJoined joined) {
        this.joined = joined;
        this.spool = spool;
        this.routesByCalledAe = routes.stream().collect(java.util.stream.Collectors.toMap(Route::calledAeTitle, r -> r));
        this.jobs = jobs;
        this.jobRepository = jobRepository;
        this.quarantine = quarantine;
        this.quietTime = quietTime;
        this.clock = clock;
        this.urgent = urgent;
        this.listener = listener;
    }

    @Override
    public Status store(StoreRequest request, InputStream dataSet) throws IOException {
        Route route = routesByCalledAe.get(request.calledAeTitle());
        if (route == null) {
            dataSet.transferTo(java.io.OutputStream.nullOutputStream());
            return Status.PROCESSING_FAILURE.withComment("no route for called AE title " + request.calledAeTitle());
        }
        Received received;
        try {
            received = receive(route, request, dataSet);
        } catch (SpoolFullException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            drain(dataSet);
            return Status.OUT_OF_RESOURCES.withComment("spool full");
        } catch (DicomParseException e) {
            drain(dataSet);
            return Status.CANNOT_UNDERSTAND.withComment(truncate(e.getMessage()));
        }
        admit(route, received.spooled(), received.head(), request.sopClassUid(), request.callingAeTitle());
        return Status.SUCCESS;
    }

    /**
     * An object safe in the spool goes where its route decides: to the quarantine worklist, or into its job
     * (one unit under the job manager's lock: a delivery finishing meanwhile cannot be overwritten by the verdict
     * saved here, and in the node it is one database commit).
     */
    private void admit(Route route, SpooledObject spooled, DataSet header, String sopClassUid, String callingAeTitle) {
        Instant now = clock.instant();
        RouteDecision decision = route.decide(header, callingAeTitle, now);
        listener.received(route, spooled.size(), decision);
        JobInstance instance = new JobInstance(0, spooled.sopInstanceUid(), sopClassUid, spooled.size(), -1,
                false, false);
        String accession = header.getString(Tag.AccessionNumber);
        if (decision instanceof RouteDecision.Quarantine q) {
            quarantine.add(new QuarantineItem(0, route.name(), spooled.studyInstanceUid(), spooled.sopInstanceUid(),
                    sopClassUid, callingAeTitle, q.code(), q.messageNl(), q.messageEn(),
                    header.getString(Tag.PatientName), mask(header.getString(Tag.PatientID)), QuarantineState.OPEN, now,
                    null, null, null));
            return;
        }
        Job job = jobs.atomically(() -> {
            Job joinedJob = jobs.accept(spooled.studyInstanceUid(), route.destinationFor(header), route.direction(), accession,
                    instance, route.urgent() ? Duration.ZERO : quietTime);
            jobRepository.recordPatient(joinedJob.id(), header.getString(Tag.PatientName), header.getString(Tag.PatientID));
            if (decision.verdict() != null && !decision.verdict().equals(joinedJob.bsnVerdict())) {
                joinedJob = jobRepository.save(joinedJob.withVerdict(worst(joinedJob.bsnVerdict(), decision.verdict()), now));
            }
            if (decision instanceof RouteDecision.Hold h && joinedJob.state().canMoveTo(nl.zorgbrug.gateway.job.JobState.HELD)) {
                joinedJob = jobs.hold(joinedJob, h.code() + ": " + h.messageEn() + " / " + h.messageNl());
            }
            return joinedJob;
        });
        if (route.urgent() && job.state() != nl.zorgbrug.gateway.job.JobState.HELD) {
            urgent.accept(job);
        }
        try {
            joined.joined(job, route, spooled, header);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "job " + job.id() + ", instance " + spooled.sopInstanceUid()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * After a restart: admits again every object in a route's spool that neither a job nor the quarantine
     * worklist knows, as if it had just arrived. Such an object was complete and forced to disk (the spool renames
     * an object into place only after that), but the database lost the commit that recorded it: H2 writes its
     * commits to the file without forcing them to disk, so a power cut can take the last ones, and a crash can
     * fall between the rename and the commit. The spool, not the database, is what must survive (issue 5:
     * nothing acknowledged is lost), so the spool is the ground truth here. Returns how many were admitted.
     */
    public int readmitUnknown() throws IOException {
        int admitted = 0;
        for (Route route : routesByCalledAe.values()) {
            Spool routeSpool = spool.forRoute(route.name());
            List<Path> files;
            try (java.util.stream.Stream<Path> all = Files.walk(routeSpool.root(), 2)) {
                files = all.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".dcm")).sorted()
                        .toList();
            }
            for (Path file : files) {
                String study = file.getParent().getFileName().toString();
                String name = file.getFileName().toString();
                String sop = name.substring(0, name.length() - ".dcm".length());
                // The spool names folders and files by UID (Spool.pathOf); anything else is not an object of ours.
                if (!study.matches("[0-9.]+") || !sop.matches("[0-9.]+") || known(route, study, sop)) {
                    continue;
                }
                DicomFile head;
                try {
                    head = Part10Reader.read(file, StreamingEditor.HEAD_END);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.ERROR, "spool object " + file + " cannot be read (" + e.getMessage()
                            + "); it is left where it is for a person to look at");
                    continue;
                }
                String callingAe = head.fileMeta() == null ? null : head.fileMeta().getString(Tag.SourceApplicationEntityTitle);
                admit(route, new SpooledObject(study, sop, file, Files.size(file), false), head.dataSet(),
                        head.sopClassUid(), callingAe);
                admitted++;
            }
        }
        return admitted;
    }

    /** A job of the route's direction, or the quarantine worklist, has this instance of the study. */
    private boolean known(Route route, String study, String sop) {
        for (JobInstance i : jobRepository.instancesBySopInstanceUid(sop)) {
            if (jobRepository.find(i.jobId()).map(j -> j.direction() == route.direction()
                    && j.studyInstanceUid().equals(study)).orElse(false)) {
                return true;
            }
        }
        return quarantine.byStudy(study).stream().anyMatch(q -> q.sopInstanceUid().equals(sop));
    }

    /**
     * Streams the object into the spool as a PS3.10 file. An edit without edits copies the data set while
     * checking its structure; its head (all but the bulk data) is parsed on the way, names the study
     * folder and is what the route decides on, so the file is not read back.
     */
    private Received receive(Route route, StoreRequest request, InputStream dataSet) throws IOException {
        DataSet[] head = new DataSet[1];
        try {
            SpooledObject spooled = spool.forRoute(route.name()).receive(request.sopInstanceUid(), out -> {
                Part10Writer.writePreambleAndMeta(null, FileMetaInformation.create(request.sopClassUid(),
                        request.sopInstanceUid(), request.transferSyntax(), request.callingAeTitle()), out);
                StreamingEditor.editDataSet(dataSet, request.callingAeTitle(), request.transferSyntax(), out, parsed -> {
                    head[0] = parsed;
                    try {
                        out.study(parsed.getString(Tag.StudyInstanceUID));
                    } catch (IllegalArgumentException e) {
                        throw new java.io.UncheckedIOException(new DicomParseException(
                                "C-STORE of " + request.sopInstanceUid() + " from " + request.callingAeTitle(), -1,
                                Tag.toString(Tag.StudyInstanceUID), "no valid Study Instance UID ('"
                                + parsed.getString(Tag.StudyInstanceUID) + "'), which the spool needs to keep the"
                                + " object with its study"));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return List.of();
                });
            });
            return new Received(spooled, head[0]);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** An object safe in the spool, and its head as parsed on the way in. */
    private record Received(SpooledObject spooled, DataSet head) {
    }

    /** A study's verdict is its worst object's: anything but CORRECT wins over CORRECT. */
    static String worst(String current, String next) {
        if (current == null || "CORRECT".equals(current)) {
            return next;
        }
        return current;
    }

    /** Identifiers in the worklist are masked; the full value is in the object for those who may see it. */
    static String mask(String id) {
        if (id == null || id.length() <= 4) {
            return id == null ? null : "****";
        }
        return "*".repeat(id.length() - 4) + id.substring(id.length() - 4);
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the association is broken anyway
        }
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}

package nl.zorgbrug.gateway.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.PatientKey;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineState;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.RouteDecision;
import nl.zorgbrug.gateway.spool.Incoming;
import nl.zorgbrug.gateway.spool.Spool;
import nl.zorgbrug.gateway.spool.SpoolFullException;
import nl.zorgbrug.gateway.spool.SpooledObject;

/**
 * The one way into the gateway, for every inbound transport (the C-STORE SCP, STOW-RS, later SFTP packages):
 * <ol>
 *   <li><b>spool durably</b>: the object is streamed into its route's spool as a PS3.10 file, its structure
 *       checked on the way; its head (all but the bulk data) is parsed as it passes and names the study folder;
 *       the file is forced to disk and renamed into place ({@link Spool#receive});</li>
 *   <li><b>decide</b>: the route's steps decide on the head ({@link Route#decide}): forward, hold or quarantine;</li>
 *   <li><b>admit</b>: into its job (opened or joined) or onto the quarantine worklist, with the events that tell
 *       of it ({@link GatewayEvent.ObjectReceived}, {@link GatewayEvent.JoinedJob},
 *       {@link GatewayEvent.Quarantined}), as one unit of work.</li>
 * </ol>
 * Only then is the outcome {@linkplain IntakeOutcome#safe safe}, and only then may the transport tell the sender
 * so. The original is kept as received; the route's edits are applied on delivery, so nothing is lost whatever
 * the route decides.
 */
public final class Intake {
    private static final System.Logger LOG = System.getLogger(Intake.class.getName());
    /** The spool names folders and files by UID ({@link Spool#pathOf}); anything else is not an object of ours. */
    private static final java.util.regex.Pattern UID = java.util.regex.Pattern.compile("[0-9.]+");

    private final Parts parts;
    private final Map<String, Route> routesByCalledAe;
    private final GatewayEvents events;

    /**
     * What the intake works with.
     *
     * @param quietTime study completeness: a non-urgent job is due when no instance arrived for this long
     * @param jobs      the job manager; the intake's changes run in its units of work
     * @param events    where the intake publishes what it received, quarantined and admitted: the same port the
     *                  job manager tells of its changes ({@link nl.zorgbrug.gateway.events.EventHub}), so both
     *                  reach the same listeners and the same outbox
     */
    public record Parts(Spool spool, List<Route> routes, JobManager jobs, JobRepository jobRepository,
                        QuarantineRepository quarantine, Duration quietTime, Clock clock, GatewayEvents events) {
    }

    public Intake(Parts parts) {
        this.parts = parts;
        this.routesByCalledAe = parts.routes().stream().collect(Collectors.toMap(Route::calledAeTitle,
                Function.identity()));
        this.events = java.util.Objects.requireNonNull(parts.events());
    }

    /** The route that serves a called AE title (C-STORE). */
    public Optional<Route> routeForCalledAe(String calledAeTitle) {
        return Optional.ofNullable(routesByCalledAe.get(calledAeTitle));
    }

    /** The route of this name (STOW-RS: {@code /dicomweb/{route}/studies}). */
    public Optional<Route> routeNamed(String name) {
        return parts.routes().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * Receives one object on a route: spools it durably, lets the route decide, admits it. The data set is read
     * to its end whatever happens, so the transport can read the next message.
     *
     * @param dataSet the data set (no preamble or File Meta Information), in {@code arrival}'s transfer syntax
     * @throws IOException when the stream itself breaks (the connection is gone; nothing was kept)
     */
    public IntakeOutcome receive(Route route, Arrival arrival, InputStream dataSet) throws IOException {
        Spooled spooled;
        try {
            spooled = spool(route, arrival, dataSet);
        } catch (SpoolFullException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            drain(dataSet);
            return new IntakeOutcome.SpoolFull(e.getMessage());
        } catch (DicomParseException e) {
            drain(dataSet);
            return new IntakeOutcome.Unreadable(e.getMessage());
        }
        return admit(route, spooled.object(), spooled.head(), arrival.sopClassUid(), arrival.callingAeTitle());
    }

    /** An object safe in the spool, and its head as parsed on the way in. */
    private record Spooled(SpooledObject object, DataSet head) {
    }

    /**
     * Streams the object into the route's spool as a PS3.10 file. An edit without edits copies the data set while
     * checking its structure; its head is parsed on the way, names the study folder and is what the route decides
     * on, so the file is not read back. A head without a valid Study Instance UID is refused on the spot.
     */
    private Spooled spool(Route route, Arrival arrival, InputStream dataSet) throws IOException {
        DataSet[] head = new DataSet[1];
        SpooledObject object = parts.spool().forRoute(route.name()).receive(arrival.sopInstanceUid(), out -> {
            Part10Writer.writePreambleAndMeta(null, FileMetaInformation.create(arrival.sopClassUid(),
                    arrival.sopInstanceUid(), arrival.transferSyntax(), arrival.callingAeTitle()), out);
            out.dataSetFollows();
            StreamingEditor.editDataSet(dataSet, arrival.callingAeTitle(), arrival.transferSyntax(), out, parsed -> {
                head[0] = parsed;
                nameStudy(out, parsed, arrival);
                return List.of();
            });
        });
        return new Spooled(object, head[0]);
    }

    private static void nameStudy(Incoming out, DataSet head, Arrival arrival) {
        String study = head.getString(Tag.StudyInstanceUID);
        try {
            out.study(study);
        } catch (IllegalArgumentException e) {
            out.refuse(new DicomParseException("object " + arrival.sopInstanceUid() + " from "
                    + arrival.callingAeTitle(), -1, Tag.toString(Tag.StudyInstanceUID), "no valid Study Instance UID ('"
                    + study + "'), which the spool needs to keep the object with its study"));
        }
    }

    /**
     * An object safe in the spool goes where its route decides: to the quarantine worklist, or into its job.
     * One unit under the job manager's lock (a delivery finishing meanwhile cannot be overwritten by the verdict
     * saved here), and in the node one database commit that holds the events too.
     */
    private IntakeOutcome admit(Route route, SpooledObject spooled, DataSet head, String sopClassUid,
                                String callingAeTitle) {
        Instant now = parts.clock().instant();
        RouteDecision decision = route.decide(head, callingAeTitle, now);
        return parts.jobs().atomically(() -> {
            events.publish(new GatewayEvent.ObjectReceived(route.name(), route.direction(), spooled.studyInstanceUid(),
                    spooled.sopInstanceUid(), sopClassUid, callingAeTitle, spooled.size(), kind(decision),
                    decision.verdict(), decision.verdictSent(), now));
            if (decision instanceof RouteDecision.Quarantine q) {
                parts.quarantine().add(new QuarantineItem(0, route.name(), spooled.studyInstanceUid(),
                        spooled.sopInstanceUid(), sopClassUid, callingAeTitle, q.code(), q.messageNl(), q.messageEn(),
                        head.getString(Tag.PatientName), mask(head.getString(Tag.PatientID)), QuarantineState.OPEN, now,
                        null, null, null));
                events.publish(new GatewayEvent.Quarantined(route.name(), spooled.studyInstanceUid(),
                        spooled.sopInstanceUid(), q.code(), q.verdict(), now));
                return new IntakeOutcome.Quarantined(spooled);
            }
            Job job = join(route, spooled, head, sopClassUid, decision, now);
            events.publish(new GatewayEvent.JoinedJob(job.id(), job.destination(), job.direction(), route.name(),
                    spooled.studyInstanceUid(), spooled.sopInstanceUid(), sopClassUid, spooled.path().toString(),
                    spooled.size(), route.urgent(), job.state(), now));
            return new IntakeOutcome.JoinedJob(spooled, job.id());
        });
    }

    /** The object joins its job; the job takes the worst verdict of its objects, and a Hold holds it. */
    private Job join(Route route, SpooledObject spooled, DataSet head, String sopClassUid, RouteDecision decision,
                     Instant now) {
        JobInstance instance = new JobInstance(0, spooled.sopInstanceUid(), sopClassUid, spooled.size(), -1,
                false, false, spooled.version(), spooled.digest(), PatientKey.of(head));
        Job job = parts.jobs().accept(spooled.studyInstanceUid(), route.destinationFor(head), route.direction(),
                head.getString(Tag.AccessionNumber), instance, route.urgent() ? Duration.ZERO : parts.quietTime(),
                spooled.duplicate());
        if (!spooled.duplicate()) {
            dropRedelivered(route, spooled, job);
        }
        parts.jobRepository().recordPatient(job.id(), head.getString(Tag.PatientName), head.getString(Tag.PatientID));
        if (decision.verdict() != null && decision.verdict() != job.bsnVerdict()) {
            Verdict before = job.bsnVerdict();
            job = parts.jobRepository().save(job.withVerdict(worst(job.bsnVerdict(), decision.verdict()), now));
            if (job.bsnVerdict() != before) {
                // In the job's history as an automatic step (issue 15), with where the object came from.
                parts.jobRepository().recordEvent(job.id(), JobManager.SYSTEM, "classified", "BSN verdict of the"
                        + " objects as they arrived: " + job.bsnVerdict() + (before == null ? "" : " (was " + before + ")")
                        + "; received on route " + route.name(), now);
            }
        }
        if (decision instanceof RouteDecision.Hold h && job.state().canMoveTo(JobState.HELD)) {
            job = parts.jobs().hold(job, h.code() + ": " + h.messageEn() + " / " + h.messageNl());
        }
        return job;
    }

    /**
     * A byte-identical resend of an instance the job delivered already: its original had left the spool, so the spool
     * kept the copy as new; the job knows it (same digest) and will not send it again, so the copy goes (issue 15: a
     * harmless duplicate stays harmless, and leaves nothing behind).
     */
    private void dropRedelivered(Route route, SpooledObject spooled, Job job) {
        for (JobInstance i : parts.jobRepository().instancesBySopInstanceUid(spooled.sopInstanceUid())) {
            if (i.jobId() == job.id() && i.acknowledged() && spooled.digest() != null
                    && spooled.digest().equals(i.digest())) {
                try {
                    parts.spool().forRoute(route.name()).removeUpTo(spooled.studyInstanceUid(),
                            spooled.sopInstanceUid(), spooled.version());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "a resent copy of delivered instance " + spooled.sopInstanceUid()
                            + " stays in the spool (" + e.getMessage() + "); it may be removed by hand");
                }
            }
        }
    }

    private static GatewayEvent.Decision kind(RouteDecision decision) {
        if (decision instanceof RouteDecision.Forward) {
            return GatewayEvent.Decision.FORWARD;
        }
        return decision instanceof RouteDecision.Hold ? GatewayEvent.Decision.HOLD : GatewayEvent.Decision.QUARANTINE;
    }

    /**
     * After a restart, before anything new is accepted ({@link nl.zorgbrug.gateway.NodeRecovery}): admits again
     * every object in a route's spool that neither a job nor the quarantine worklist knows, as if it had just
     * arrived. Such an object was complete and forced to disk (the spool renames an object into place only after
     * that), but the database lost the commit that recorded it: H2 writes its commits to the file without forcing
     * them to disk, so a power cut can take the last ones, and a crash can fall between the rename and the
     * commit. The spool, not the database, is what must survive (issue 5: nothing acknowledged is lost), so the
     * spool is the ground truth here. Returns how many were admitted.
     */
    public int readmitUnknown() throws IOException {
        int admitted = 0;
        for (Route route : parts.routes()) {
            Spool routeSpool = parts.spool().forRoute(route.name());
            List<Path> files;
            try (Stream<Path> all = Files.walk(routeSpool.root(), 2)) {
                files = all.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".dcm")).sorted()
                        .toList();
            }
            for (Path file : files) {
                String study = file.getParent().getFileName().toString();
                String name = file.getFileName().toString();
                String sop = name.substring(0, name.length() - ".dcm".length());
                if (!UID.matcher(study).matches() || !UID.matcher(sop).matches() || known(route, study, sop)) {
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
                String callingAe = head.fileMeta() == null ? null
                        : head.fileMeta().getString(Tag.SourceApplicationEntityTitle);
                // With its digest, so that the sender's resend of it (it never heard Success) is known as the same
                // object even after this copy was delivered and left the spool (issue 15).
                admit(route, new SpooledObject(study, sop, file, Files.size(file), false, 1, Spool.digestOf(file)),
                        head.dataSet(), head.sopClassUid(), callingAe);
                admitted++;
            }
        }
        return admitted;
    }

    /** A job of the route's direction, or the quarantine worklist, has this instance of the study. */
    private boolean known(Route route, String study, String sop) {
        JobRepository jobs = parts.jobRepository();
        for (JobInstance i : jobs.instancesBySopInstanceUid(sop)) {
            if (jobs.find(i.jobId()).map(j -> j.direction() == route.direction()
                    && j.studyInstanceUid().equals(study)).orElse(false)) {
                return true;
            }
        }
        return parts.quarantine().byStudy(study).stream().anyMatch(q -> q.sopInstanceUid().equals(sop));
    }

    /** A study's verdict is its worst object's: anything but CORRECT wins over CORRECT. */
    static Verdict worst(Verdict current, Verdict next) {
        return current == null || current == Verdict.CORRECT ? next : current;
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
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the connection is broken anyway
        }
    }
}

package nl.zorgbrug.gateway.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.FileMetaInformation;
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
    static final java.util.regex.Pattern UID = java.util.regex.Pattern.compile("[0-9.]+");

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
        return receive(route, arrival, dataSet, null);
    }

    /**
     * Receives one object on a route as {@link #receive(Route, Arrival, InputStream)} does, but a caller that knows
     * already that it may not be imported automatically ({@code quarantine} not null: an image import whose instance
     * names another patient than the one asked for, issue 20) puts it on the quarantine worklist with that reason
     * instead of the route's decision, for a person to reconcile (link to a local id or reject).
     */
    public IntakeOutcome receive(Route route, Arrival arrival, InputStream dataSet,
                                 RouteDecision.Quarantine quarantine) throws IOException {
        DataSet[] head = new DataSet[1];
        String sop = arrival.sopInstanceUid();
        if (sop == null || sop.length() > 64 || !UID.matcher(sop).matches() || sop.contains("..")) {
            // The spool names the file by this UID (PS3.5 9.1: digits and dots, at most 64 characters).
            drain(dataSet);
            return new IntakeOutcome.Unreadable("Affected SOP Instance UID (0000,1000) '" + sop
                    + "' is not a valid UID (PS3.5 9.1)");
        }
        // Until it is recorded, the spool's clean-up leaves this object alone (a correction of a delivered one).
        Spool routeSpool = parts.spool().forRoute(route.name());
        routeSpool.receiving(sop);
        try {
            return spoolAndAdmit(route, arrival, dataSet, head, quarantine);
        } finally {
            routeSpool.settled(sop);
        }
    }

    private IntakeOutcome spoolAndAdmit(Route route, Arrival arrival, InputStream dataSet, DataSet[] head,
                                        RouteDecision.Quarantine quarantine) throws IOException {
        Spooled spooled;
        try {
            spooled = spool(route, arrival, dataSet, head);
        } catch (SpoolFullException e) {
            LOG.log(System.Logger.Level.ERROR, "object " + arrival.sopInstanceUid() + " from " + arrival.callingAeTitle()
                    + " on route " + route.name() + ": " + e.getMessage());
            drain(dataSet);
            return new IntakeOutcome.SpoolFull(e.getMessage());
        } catch (RefusedHead e) {
            drain(dataSet);
            return new IntakeOutcome.NotConformant(e.refusal().comment(), e.refusal().message());
        } catch (DicomParseException e) {
            drain(dataSet);
            return new IntakeOutcome.Unreadable(e.getMessage());
        } catch (RuntimeException e) {
            drain(dataSet);
            return failed(route, arrival, head[0], e);
        }
        try {
            return admit(route, spooled.object(), spooled.head(), arrival.sopClassUid(), arrival.callingAeTitle(),
                    arrival.tlsPeerSubject(), quarantine);
        } catch (RuntimeException e) {
            if (isDatabaseFailure(e)) {
                return notRecorded(route, arrival, spooled.object(), spooled.head(), e);
            }
            // Another fault of the node (a route step): the object stays in the spool, and a resend or the
            // readmission at the next start admits it then (or quarantines it with the reason).
            return failed(route, arrival, spooled.head(), e);
        }
    }

    /**
     * The object is in the spool but the database could not record it (its disk is full, H2 closed the database
     * after a failed write, PostgreSQL is gone): the unit of work was rolled back, so no job and no quarantine entry
     * knows the file. It is removed again, so an object the sender was not told is safe leaves nothing behind
     * (issue 15, blocker 4: such files were orphans), and the sender hears Out of Resources and sends it again
     * later. A resend of an object spooled before keeps its file: an earlier receive may have recorded it.
     * The log line masks the patient's values: a database's message may quote the value it refused.
     */
    private IntakeOutcome notRecorded(Route route, Arrival arrival, SpooledObject spooled, DataSet head,
                                      RuntimeException e) {
        String kept = "";
        if (commitOutcomeUnknown(e)) {
            // The connection broke while the unit of work ran or committed (the primary stopped, a failover): the
            // commit may have reached the database and, with synchronous replication, the replica that takes over.
            // Removing the file then leaves a job with an instance and no object (seen in DatabaseFailoverTest:
            // "instance ... is no longer in the spool", the job FAILED for good). Kept, it is either the recorded
            // instance's object, or one no job knows, admitted with the sender's resend or at the next start.
            kept = "; the connection to the database broke, so it may have recorded it: the spooled copy is kept";
        } else if (!spooled.duplicate()) {
            try {
                parts.spool().forRoute(route.name()).remove(spooled.studyInstanceUid(), spooled.sopInstanceUid());
            } catch (IOException | RuntimeException removal) {
                kept = "; its spooled copy " + spooled.path() + " could not be removed (" + removal.getMessage()
                        + ") and is admitted again at the next start";
            }
        }
        String message = "object " + spooled.sopInstanceUid() + " from " + arrival.callingAeTitle() + " on route "
                + route.name() + " was refused (Out of Resources, 0xA700): the database could not record it ("
                + Unidentified.mask(rootMessage(e), Unidentified.secrets(head))
                + "); the sender should send it again later" + kept;
        LOG.log(System.Logger.Level.ERROR, message + "\n" + Unidentified.describe(e, head));
        return new IntakeOutcome.NotRecorded(message);
    }

    /** Whether the database failed (the repositories wrap the driver's SQLException), not a route step. */
    private static boolean isDatabaseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database failure leaves it unknown if the unit of work committed: the connection broke under it
     * (SQLSTATE class 08 "connection exception", e.g. 08006 connection failure, 08007 transaction resolution unknown,
     * and 08003 "connection does not exist", which the pool answers for the rollback after a commit that failed —
     * Spring then throws the rollback's failure and only logs the commit's; 57P01-57P03, the server shutting down or
     * crashing; ISO/IEC 9075, PostgreSQL Appendix A), or the driver lost the socket (an {@link IOException} under the
     * SQLException). Not: no connection could be had at all (08001, 08004, a refused connect), or a statement the
     * database refused (disk full, H2's closed database): those committed nothing. Keeping a file whose unit did not
     * commit costs an object no job knows until the resend or the next start; removing one whose unit did commit
     * loses an acknowledged object, so doubt keeps it.
     */
    static boolean commitOutcomeUnknown(Throwable e) {
        boolean sql = false;
        boolean stateless = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return false;
            }
            if (t instanceof java.sql.SQLException x) {
                sql = true;
                String state = x.getSQLState() == null ? "" : x.getSQLState();
                if (state.equals("08001") || state.equals("08004")) {
                    return false;
                }
                if (state.startsWith("08") || state.startsWith("57P0")) {
                    return true;
                }
                // HikariCP's closed proxy answers every call with "Connection is closed" and no SQLSTATE at all
                // (ProxyConnection.ClosedConnection): what Spring throws for the rollback after a commit whose
                // connection the pool had already evicted as broken (seen in DatabaseFailoverTest on the merged
                // tree). A failure that says nothing of its kind, and whose causes say nothing either, is doubt.
                stateless |= state.isEmpty();
            } else if (sql && t instanceof IOException) {
                return true;
            }
        }
        return stateless;
    }

    /** The root cause's first line: a database's message may go on with the whole statement. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A fault of the node, logged without the patient's values; the sender hears a processing failure. */
    private static IntakeOutcome failed(Route route, Arrival arrival, DataSet head, RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "route " + route.name() + ": object " + arrival.sopInstanceUid() + " from "
                + arrival.callingAeTitle() + " could not be recorded: " + Unidentified.describe(e, head));
        return new IntakeOutcome.Failed("the node could not record the object; see its log");
    }

    /** An object safe in the spool, and its head as parsed on the way in. */
    private record Spooled(SpooledObject object, DataSet head) {
    }

    /** The head refused by {@link HeadCheck}: thrown by the spool once the object's stream ends; nothing is kept. */
    private static final class RefusedHead extends IOException {
        private final transient HeadCheck.Refusal refusal;

        RefusedHead(HeadCheck.Refusal refusal) {
            super(refusal.message());
            this.refusal = refusal;
        }

        HeadCheck.Refusal refusal() {
            return refusal;
        }
    }

    /**
     * Streams the object into the route's spool as a PS3.10 file. An edit without edits copies the data set while
     * checking its structure; its head is parsed on the way, names the study folder and is what the route decides
     * on, so the file is not read back. A head without a valid Study Instance UID, or one the {@link HeadCheck}
     * refuses, is refused on the spot.
     *
     * @param head where the head goes once parsed (also when the spool then fails, for the log)
     */
    private Spooled spool(Route route, Arrival arrival, InputStream dataSet, DataSet[] head) throws IOException {
        SpooledObject object = parts.spool().forRoute(route.name()).receive(arrival.sopInstanceUid(), out -> {
            Part10Writer.writePreambleAndMeta(null, FileMetaInformation.create(arrival.sopClassUid(),
                    arrival.sopInstanceUid(), arrival.transferSyntax(), arrival.callingAeTitle()), out);
            out.dataSetFollows();
            StreamingEditor.editDataSet(dataSet, arrival.callingAeTitle(), arrival.transferSyntax(), out, parsed -> {
                head[0] = parsed;
                HeadCheck.check(arrival, parsed).ifPresentOrElse(r -> out.refuse(new RefusedHead(r)),
                        () -> nameStudy(out, parsed, arrival));
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
     * saved here), and in the node one database commit that holds the events too. The object's {@code ObjectReceived}
     * and its {@code JoinedJob} or {@code Quarantined} are published together, last: one outbox row per object on the
     * receiving thread instead of two (issue 17); what the admission changed of the job (opened, say) is told before.
     */
    IntakeOutcome admit(Route route, SpooledObject spooled, DataSet head, String sopClassUid,
                                String callingAeTitle, String tlsPeerSubject) {
        return admit(route, spooled, head, sopClassUid, callingAeTitle, tlsPeerSubject, null);
    }

    /** @param quarantine the caller's reason to quarantine the object, in place of the route's decision; or null */
    IntakeOutcome admit(Route route, SpooledObject spooled, DataSet head, String sopClassUid,
                        String callingAeTitle, String tlsPeerSubject, RouteDecision.Quarantine quarantine) {
        Instant now = parts.clock().instant();
        RouteDecision decision = quarantine != null ? quarantine : route.decide(head, callingAeTitle, now);
        GatewayEvent received = new GatewayEvent.ObjectReceived(route.name(), route.direction(),
                spooled.studyInstanceUid(), spooled.sopInstanceUid(), sopClassUid, callingAeTitle, spooled.size(),
                kind(decision), decision.verdict(), decision.verdictSent(), now, tlsPeerSubject);
        return parts.jobs().atomically(() -> {
            if (decision instanceof RouteDecision.Quarantine q) {
                parts.quarantine().add(new QuarantineItem(0, route.name(), spooled.studyInstanceUid(),
                        spooled.sopInstanceUid(), sopClassUid, callingAeTitle, q.code(), q.messageNl(), q.messageEn(),
                        head.getString(Tag.PatientName), mask(head.getString(Tag.PatientID)), QuarantineState.OPEN, now,
                        null, null, null));
                events.publishTogether(List.of(received, new GatewayEvent.Quarantined(route.name(),
                        spooled.studyInstanceUid(), spooled.sopInstanceUid(), q.code(), q.verdict(), now)));
                return new IntakeOutcome.Quarantined(spooled);
            }
            Job job = join(route, spooled, head, sopClassUid, decision, now);
            events.publishTogether(List.of(received, new GatewayEvent.JoinedJob(job.id(), job.destination(),
                    job.direction(), route.name(), spooled.studyInstanceUid(), spooled.sopInstanceUid(), sopClassUid,
                    spooled.path().toString(), spooled.size(), route.urgent(), job.state(), now)));
            return new IntakeOutcome.JoinedJob(spooled, job.id());
        });
    }

    /** The object joins its job; the job takes the worst verdict of its objects, and a Hold holds it. */
    private Job join(Route route, SpooledObject spooled, DataSet head, String sopClassUid, RouteDecision decision,
                     Instant now) {
        JobInstance instance = new JobInstance(0, spooled.sopInstanceUid(), sopClassUid, spooled.size(), -1,
                false, false, spooled.version(), spooled.digest(), PatientKey.of(head));
        JobManager.Admission admitted = parts.jobs().admit(spooled.studyInstanceUid(), route.destinationFor(head),
                route.direction(), head.getString(Tag.AccessionNumber), instance,
                route.urgent() ? Duration.ZERO : parts.quietTime(), spooled.duplicate());
        Job job = admitted.job();
        if (!spooled.duplicate() && admitted.deliveredAlready()) {
            dropRedelivered(route, spooled);
        }
        parts.jobRepository().recordPatient(job.id(), head.getString(Tag.PatientName), head.getString(Tag.PatientID),
                nl.zorgbrug.bsn.identity.PatientIdentity.of(head).patientId().effectiveIssuer());
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
     * harmless duplicate stays harmless, and leaves nothing behind). The job manager says so from its own look-up of
     * the instance ({@link JobManager.Admission#deliveredAlready}), made only when the instance was not new to the job
     * (issue 22: no look-up per new object).
     */
    private void dropRedelivered(Route route, SpooledObject spooled) {
        try {
            parts.spool().forRoute(route.name()).removeUpTo(spooled.studyInstanceUid(), spooled.sopInstanceUid(),
                    spooled.version());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "a resent copy of delivered instance " + spooled.sopInstanceUid()
                    + " stays in the spool (" + e.getMessage() + "); it may be removed by hand");
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
     * every object in a route's spool that neither a job nor the quarantine worklist knows ({@link Readmission}).
     * Returns how many were admitted.
     */
    public int readmitUnknown() throws IOException {
        return new Readmission(this, parts).run();
    }

    /** The reason code of an object the readmission could not admit (on the quarantine worklist). */
    public static final String NOT_READMITTED = "NOT_READMITTED";

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

package nl.zorgbrug.gateway.quarantine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.swap.ManualLink;
import nl.zorgbrug.bsn.swap.ReasonCode;
import nl.zorgbrug.dicom.charset.UnmappableTextException;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.RouteDecision;
import nl.zorgbrug.gateway.route.RouteTable;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * What a person does with the quarantine worklist: link a study to a local patient (forwarded to the
 * destination of the import route that received it, by a job), reject it, or take the original. Every
 * action is recorded with the user and published ({@link GatewayEvent.PersonAction}) in the same unit of work as
 * the change it made.
 *
 * <p>Each entry names its route, so with several import routes the desk finds the original in that route's
 * part of the spool. Entries recorded before routes were (database migration V10) carry none; they belong to
 * the first import route, the only place the desk looked until then.
 */
public final class QuarantineDesk {
    /** The reason of an entry whose route would forward it now that the MPI knows the patient. */
    public static final String PATIENT_FOUND = "PATIENT_FOUND_IN_MPI";

    private static final System.Logger LOG = System.getLogger(QuarantineDesk.class.getName());
    private final QuarantineRepository quarantine;
    private final Spool spool;
    private final RouteTable routes;
    private final JobManager jobs;
    private final JobRepository jobRepository;
    private final ManualLink link;
    private final Clock clock;
    private final Runnable wake;

    /**
     * @param spool the whole spool; each entry's route names its part ({@link Spool#forRoute})
     * @param link  to check, when a person links, that the identity can be written (delivery writes it)
     * @param wake  wakes the job runner for the link's jobs
     */
    public QuarantineDesk(QuarantineRepository quarantine, Spool spool, RouteTable routes, JobManager jobs,
                          JobRepository jobRepository, ManualLink link, Clock clock, Runnable wake) {
        this.quarantine = quarantine;
        this.spool = spool;
        this.routes = routes;
        this.jobs = jobs;
        this.jobRepository = jobRepository;
        this.link = link;
        this.clock = clock;
        this.wake = wake;
    }

    /**
     * Links every open object of a study to the chosen local patient and forwards them. The spooled original
     * stays as it arrived ("originals in the spool, edits on delivery"): the link is recorded on the entry, and
     * the import route's swap writes the local identity on delivery, keeping the previous patient attributes in
     * the Original Attributes Sequence (0400,0561), DICOM's record of such a change.
     *
     * @return the job of the last object linked (a study received on one route has one)
     * @throws IllegalArgumentException when nothing is open for the study, or the identity cannot be written
     *                                  into an object (its character set cannot hold the new values)
     */
    public Job link(String studyInstanceUid, MpiPatient patient, String user) throws IOException {
        List<QuarantineItem> items = quarantine.byStudy(studyInstanceUid).stream()
                .filter(i -> i.state() == QuarantineState.OPEN).toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("study " + studyInstanceUid + " has no open objects in the quarantine");
        }
        Instant now = clock.instant();
        // Read and checked before anything changes: a study that cannot be linked is left as it was.
        List<Linked> checked = new ArrayList<>();
        for (QuarantineItem item : items) {
            Route route = routeOf(item);
            // The newest version: a corrected object sent again while the entry waited is what the person links.
            Spool routeSpool = spool.forRoute(route.name());
            int version = Math.max(1, routeSpool.newestVersion(studyInstanceUid, item.sopInstanceUid()));
            Path original = routeSpool.pathOf(studyInstanceUid, item.sopInstanceUid(), version);
            DataSet head = Part10Reader.read(original, StreamingEditor.HEAD_END).dataSet();
            checkWritable(head, patient, now, item);
            checked.add(new Linked(item, route.destinationFor(head), head.getString(Tag.AccessionNumber),
                    Files.size(original), version, Spool.digestOf(original)));
        }
        // The links, the jobs, the worklist and the person's action are one unit.
        Job job = jobs.atomically(() -> {
            Map<Long, Integer> linkedPerJob = new LinkedHashMap<>();
            Job joined = null;
            for (Linked l : checked) {
                // The link before the job: the job's delivery must find it.
                quarantine.link(l.item().id(), patient.localId(), user, now);
                joined = jobs.accept(studyInstanceUid, l.destination(), Direction.IMPORT, l.accession(),
                        new JobInstance(0, l.item().sopInstanceUid(), l.item().sopClassUid(), l.size(), -1, false,
                                false, l.version(), l.digest(), null), Duration.ZERO);
                jobRepository.recordPatient(joined.id(), l.item().patientName(), patient.localId(),
                        patient.localIssuer());
                linkedPerJob.merge(joined.id(), 1, Integer::sum);
            }
            linkedPerJob.forEach((jobId, n) -> {
                String why = "quarantine: " + n + " objects linked to local patient " + patient.localId();
                jobRepository.recordEvent(jobId, user, "link", why, now);
                jobs.events().personAction(user, "link", why, jobId, studyInstanceUid, now);
            });
            return joined;
        });
        wake.run();
        return job;
    }

    /** A quarantined object checked for its link, with where its job goes. */
    private record Linked(QuarantineItem item, String destination, String accession, long size, int version,
                          String digest) {
    }

    private void checkWritable(DataSet head, MpiPatient patient, Instant now, QuarantineItem item) {
        try {
            link.link(head, patient, now);
        } catch (UnmappableTextException e) {
            throw new IllegalArgumentException("object " + item.sopInstanceUid() + " cannot be linked to local patient "
                    + Bsn.mask(patient.localId()) + ": its character set (0008,0005) " + head.charset()
                    + " cannot hold the new values; " + e.getMessage(), e);
        }
    }

    /**
     * Rejects the open objects of a study: they are not imported; the originals leave the spool. The reason is
     * recorded with the user on every entry, since the originals are gone afterwards.
     *
     * @throws IllegalArgumentException when no reason is given
     */
    public int reject(String studyInstanceUid, String user, String why) throws IOException {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("rejecting study " + studyInstanceUid
                    + " needs a reason; say why it is not to be imported");
        }
        Instant now = clock.instant();
        List<QuarantineItem> open = quarantine.byStudy(studyInstanceUid).stream()
                .filter(i -> i.state() == QuarantineState.OPEN).toList();
        jobs.atomically(() -> {
            for (QuarantineItem item : open) {
                quarantine.reject(item.id(), user, now, why.strip());
            }
            if (!open.isEmpty()) {
                jobs.events().personAction(user, "reject", "quarantine: " + open.size() + " objects rejected: "
                        + why.strip(), null, studyInstanceUid, now);
            }
            return null;
        });
        // After the commit: an original whose removal a crash prevents stays known to the worklist (REJECTED).
        for (QuarantineItem item : open) {
            spool.forRoute(routeOf(item).name()).remove(studyInstanceUid, item.sopInstanceUid());
        }
        return open.size();
    }

    /**
     * The open studies, one per Study Instance UID in order of arrival, with the study-level attributes read from
     * the spooled head of each study's first image (so nothing extra needs recording at quarantine time).
     */
    public List<QuarantineStudy> openStudies() {
        Map<String, List<QuarantineItem>> byStudy = new LinkedHashMap<>();
        quarantine.open().stream().sorted(Comparator.comparing(QuarantineItem::received))
                .forEach(i -> byStudy.computeIfAbsent(i.studyInstanceUid(), k -> new ArrayList<>()).add(i));
        List<QuarantineStudy> studies = new ArrayList<>();
        byStudy.forEach((uid, items) -> studies.add(study(uid, items)));
        return studies;
    }

    private QuarantineStudy study(String studyInstanceUid, List<QuarantineItem> items) {
        QuarantineItem first = items.get(0);
        DataSet head = spooledHead(first);
        String senders = items.stream().map(QuarantineItem::callingAeTitle).filter(Objects::nonNull).distinct()
                .collect(Collectors.joining(", "));
        return new QuarantineStudy(studyInstanceUid, first.patientName(), first.patientIdMasked(),
                head.getString(Tag.StudyDate), head.getString(Tag.Modality), head.getString(Tag.StudyDescription),
                head.getString(Tag.AccessionNumber), senders, first.reasonCode(), first.messageNl(),
                first.messageEn(), first.received(), items, head.getString(Tag.PatientID));
    }

    /** The head of an entry's original, or an empty data set when it cannot be read (the worklist still shows). */
    private DataSet spooledHead(QuarantineItem item) {
        try {
            Path original = spool.forRoute(routeOf(item).name()).current(item.studyInstanceUid(), item.sopInstanceUid());
            return Part10Reader.read(original, StreamingEditor.HEAD_END).dataSet();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "quarantine item " + item.id() + ": cannot read the study's"
                    + " attributes from the spool: " + e.getMessage());
            return new DataSet();
        }
    }

    /**
     * Decides again, by each entry's route, on every open entry after the MPI changed, and refreshes the reason
     * it shows. Nothing is imported here: an entry whose route would now forward it says so, and a person links
     * it (the rules of issue 4 leave an import out of quarantine to a person).
     *
     * @return how many entries got another reason
     */
    public int recheck() {
        Instant now = clock.instant();
        int refreshed = 0;
        for (QuarantineItem item : quarantine.open()) {
            if (!decidedByRoute(item.reasonCode())) {
                continue;
            }
            DataSet head = spooledHead(item);
            if (head.isEmpty()) {
                continue;
            }
            RouteDecision decision = routeOf(item).decide(head, item.callingAeTitle(), now);
            String code;
            String nl;
            String en;
            if (decision instanceof RouteDecision.Quarantine q) {
                code = q.code();
                nl = q.messageNl();
                en = q.messageEn();
            } else if (decision instanceof RouteDecision.Hold h) {
                code = h.code();
                nl = h.messageNl();
                en = h.messageEn();
            } else {
                code = PATIENT_FOUND;
                nl = "De master patient index kent deze patiënt nu; controleer het onderzoek en koppel het.";
                en = "The master patient index now knows this patient; check the study and link it.";
            }
            if (!code.equals(item.reasonCode())) {
                quarantine.refreshReason(item.id(), code, nl, en);
                refreshed++;
            }
        }
        return refreshed;
    }

    /**
     * Whether the entry's reason is one its route gives (a swap refusal, {@link ReasonCode}, or "the MPI knows the
     * patient now"), so that deciding again by the route may replace it. A reason imposed from outside the route —
     * an image import that found an instance of another patient than the one asked for (issue 20, {@code
     * BSN_DIFFERS}/{@code PATIENT_DIFFERS}) — is a fact about that import the route cannot see: the MPI knowing the
     * instance's patient does not make it the patient asked for, so a person decides with the import's reason.
     */
    private static boolean decidedByRoute(String reasonCode) {
        if (PATIENT_FOUND.equals(reasonCode)) {
            return true;
        }
        for (ReasonCode code : ReasonCode.values()) {
            if (code.name().equals(reasonCode)) {
                return true;
            }
        }
        return false;
    }

    /** The spooled original of an item, for download: as it arrived (its newest version), also after a link. */
    public Path original(long itemId) {
        QuarantineItem item = quarantine.find(itemId)
                .orElseThrow(() -> new IllegalArgumentException("no quarantine item " + itemId));
        return spool.forRoute(routeOf(item).name()).current(item.studyInstanceUid(), item.sopInstanceUid());
    }

    private Route routeOf(QuarantineItem item) {
        if (item.route() == null) {
            return routes.importRoutes().stream().findFirst().orElseThrow(() -> new IllegalStateException(
                    "quarantine item " + item.id() + " names no route and no import route is configured"));
        }
        return routes.byName(item.route()).orElseThrow(() -> new IllegalStateException("quarantine item " + item.id()
                + " was received on route '" + item.route() + "', which is no longer configured; configure it again"
                + " to link, reject or download the object"));
    }
}

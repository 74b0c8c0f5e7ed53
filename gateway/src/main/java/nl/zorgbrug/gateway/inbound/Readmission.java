package nl.zorgbrug.gateway.inbound;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineState;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;
import nl.zorgbrug.gateway.spool.SpooledObject;

/**
 * The intake's pass over the spool at start ({@link Intake#readmitUnknown}): every object no job and no quarantine
 * entry knows is admitted again through the {@link Intake}, and one that cannot be is put where a person sees it.
 */
final class Readmission {
    /** The intake's logger: what readmission tells belongs with what the intake tells (and is read with it). */
    private static final System.Logger LOG = System.getLogger(Intake.class.getName());

    private final Intake intake;
    private final Intake.Parts parts;

    Readmission(Intake intake, Intake.Parts parts) {
        this.intake = intake;
        this.parts = parts;
    }

    /**
     * After a restart, before anything new is accepted ({@link nl.zorgbrug.gateway.NodeRecovery}): admits again
     * every object in a route's spool that neither a job nor the quarantine worklist knows, as if it had just
     * arrived. Such an object was complete and forced to disk (the spool renames an object into place only after
     * that), but the database lost the commit that recorded it: H2 writes its commits to the file without forcing
     * them to disk, so a power cut can take the last ones, and a crash can fall between the rename and the
     * commit. The spool, not the database, is what must survive (issue 5: nothing acknowledged is lost), so the
     * spool is the ground truth here. An object that cannot be admitted never stops the start: it goes onto the
     * quarantine worklist with the reason ({@link Intake#NOT_READMITTED}). Returns how many were admitted.
     */
    int run() throws IOException {
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
                if (!Intake.UID.matcher(study).matches() || !Intake.UID.matcher(sop).matches()
                        || known(route, study, sop)) {
                    continue;
                }
                // With its digest, so that the sender's resend of it (it never heard Success) is known as the same
                // object even after this copy was delivered and left the spool (issue 15).
                if (readmit(route, routeSpool, new SpooledObject(study, sop, file, Files.size(file), false, 1,
                        digestOrNull(file)))) {
                    admitted++;
                }
            }
        }
        return admitted;
    }

    /** The object's digest, or null when it cannot be read (then {@link #readmit} tells why, never stopping). */
    private static String digestOrNull(Path file) {
        try {
            return Spool.digestOf(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Admits one object of the spool again. Nothing about the object stops the node's start (issue 15): an object
     * the intake refuses now ({@link HeadCheck}) or whose admission fails goes onto the quarantine worklist with the
     * reason, where a person sees it; if even that fails, it is moved aside ({@link Spool#setAside}) with the
     * reason beside it. Returns whether it joined its route as if just received.
     */
    private boolean readmit(Route route, Spool routeSpool, SpooledObject object) {
        DicomFile file;
        try {
            file = Part10Reader.read(object.path(), StreamingEditor.HEAD_END);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "spool object " + object.path() + " cannot be read ("
                    + Unidentified.describe(e, null) + "); it is left where it is for a person to look at");
            return false;
        }
        DataSet head = file.dataSet();
        String callingAe = file.fileMeta() == null ? null
                : file.fileMeta().getString(Tag.SourceApplicationEntityTitle);
        String sopClassUid = file.fileMeta() == null ? file.sopClassUid()
                : file.fileMeta().getString(Tag.MediaStorageSOPClassUID);
        Optional<HeadCheck.Refusal> refusal = HeadCheck.check(new Arrival(sopClassUid, object.sopInstanceUid(),
                file.transferSyntax(), callingAe), head);
        if (refusal.isPresent()) {
            setAside(route, routeSpool, object, head, sopClassUid, callingAe,
                    "de node neemt het niet aan: " + refusal.get().message(),
                    "the node refuses it: " + refusal.get().message());
            return false;
        }
        try {
            // The TLS peer of the first receipt is not kept with the object: after a restart it is not known.
            intake.admit(route, object, head, sopClassUid, callingAe, null);
            return true;
        } catch (RuntimeException e) {
            String failure = Unidentified.describe(e, head);
            LOG.log(System.Logger.Level.ERROR, "route " + route.name() + ": spool object " + object.sopInstanceUid()
                    + " could not be admitted again: " + failure);
            String first = failure.lines().findFirst().orElse("");
            setAside(route, routeSpool, object, head, sopClassUid, callingAe,
                    "de node kon het niet opnemen (" + first + ")", "the node could not admit it (" + first + ")");
            return false;
        }
    }

    /** Onto the quarantine worklist with the reason; failing that, out of the way with the reason beside it. */
    private void setAside(Route route, Spool routeSpool, SpooledObject object, DataSet head, String sopClassUid,
                          String callingAe, String reasonNl, String reasonEn) {
        String nl = cut("Na de herstart gevonden in de spool, zonder opdracht: " + reasonNl, 2000);
        String en = cut("Found in the spool at start, in no job: " + reasonEn, 2000);
        Instant now = parts.clock().instant();
        try {
            parts.jobs().atomically(() -> {
                parts.quarantine().add(new QuarantineItem(0, route.name(), object.studyInstanceUid(),
                        object.sopInstanceUid(), sopClassUid, cut(callingAe, 16), Intake.NOT_READMITTED, nl, en,
                        HeadCheck.cut(head.getString(Tag.PatientName)),
                        HeadCheck.cut(Intake.mask(head.getString(Tag.PatientID))), QuarantineState.OPEN, now, null, null,
                        null));
                parts.events().publish(new GatewayEvent.Quarantined(route.name(), object.studyInstanceUid(),
                        object.sopInstanceUid(), Intake.NOT_READMITTED, null, now));
                return null;
            });
            LOG.log(System.Logger.Level.WARNING, "route " + route.name() + ": spool object " + object.sopInstanceUid()
                    + " of study " + object.studyInstanceUid() + " is on the quarantine worklist: " + en);
        } catch (RuntimeException e) {
            try {
                Path aside = routeSpool.setAside(object.studyInstanceUid(), object.sopInstanceUid(), en);
                LOG.log(System.Logger.Level.ERROR, "route " + route.name() + ": spool object "
                        + object.sopInstanceUid() + " could not be put on the quarantine worklist either ("
                        + Unidentified.describe(e, head).lines().findFirst().orElse("") + "); moved to " + aside
                        + " with its reason beside it: " + en);
            } catch (IOException moveFailed) {
                LOG.log(System.Logger.Level.ERROR, "route " + route.name() + ": spool object " + object.path()
                        + " could not be admitted, quarantined nor moved aside (" + moveFailed.getMessage()
                        + "); it is left where it is: " + en);
            }
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
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
}

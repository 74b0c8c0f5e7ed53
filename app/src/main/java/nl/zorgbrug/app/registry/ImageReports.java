package nl.zorgbrug.app.registry;

import java.time.Clock;
import java.util.Optional;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.registry.consumer.IndexedDocument;
import nl.zorgbrug.registry.consumer.ReportReading;
import nl.zorgbrug.registry.consumer.TimelineRow;

/**
 * A timeline row's report opened by a person (issue 20 part 3), under the rules of the import's KOS retrieval: the
 * study is asked of the index again first ({@link ImageTimeline#row}: a patient known here with a verified BSN, and the
 * patient's consent, at this moment), only the report the index lists for it now is retrieved (ITI-43 to the
 * repository it names, {@link ReportReading}), and each retrieval is a RETRIEVE of that person in the audit trail
 * (NEN 7513) with the study, the repository and what came of it.
 */
public final class ImageReports {
    private final ImageTimeline timeline;
    private final ReportReading reading;
    private final AuditLog trail;
    private final AuditActors actors;
    private final Clock clock;

    ImageReports(ImageTimeline timeline, ReportReading reading, AuditLog trail, AuditActors actors, Clock clock) {
        this.timeline = timeline;
        this.reading = reading;
        this.trail = trail;
        this.actors = actors;
        this.clock = clock;
    }

    /**
     * The report of a study as the person opens it.
     *
     * @param row  the study's row as the index lists it now; null when it does not (or could not be asked, or no
     *             consent): then nothing was retrieved
     * @param read what reading the report came to; empty when the row lists no report
     */
    public record Opened(TimelineRow row, Optional<ReportReading.Read> read) {
        public boolean listed() {
            return row != null;
        }

        /** The report's text, or null when it is no text. */
        public String text() {
            return read.orElse(null) instanceof ReportReading.Read.Text t ? t.text() : null;
        }

        public boolean pdf() {
            return read.orElse(null) instanceof ReportReading.Read.Pdf;
        }

        /** Why the repository did not give it, or null. */
        public String unavailable() {
            return read.orElse(null) instanceof ReportReading.Read.Unavailable u ? u.reason() : null;
        }

        /** Why a retrieved report is not shown, or null. */
        public String notReadable() {
            return read.orElse(null) instanceof ReportReading.Read.NotReadable n ? n.reason() : null;
        }
    }

    public Opened open(MpiPatient patient, String studyInstanceUid, String user) {
        TimelineRow row = timeline.row(patient, studyInstanceUid, user).orElse(null);
        if (row == null || row.report().isEmpty()) {
            return new Opened(row, Optional.empty());
        }
        IndexedDocument report = row.report().get();
        ReportReading.Read read = reading.read(report);
        boolean shown = read instanceof ReportReading.Read.Text || read instanceof ReportReading.Read.Pdf;
        trail.record(AuditEvent.of(EventType.RETRIEVE, actors.person(user), clock.instant())
                .outcome(shown ? Outcome.SUCCESS : Outcome.MINOR_FAILURE)
                .patient(PatientRef.of(patient.bsn())).object(ObjectRef.study(studyInstanceUid))
                .source(Peer.named("repository " + report.repositoryUniqueId()))
                .detail("image report " + report.uniqueId() + " (ITI-43): " + describe(read)).build());
        return new Opened(row, Optional.of(read));
    }

    private static String describe(ReportReading.Read read) {
        if (read instanceof ReportReading.Read.Text) {
            return "shown as text";
        }
        if (read instanceof ReportReading.Read.Pdf) {
            return "given as PDF";
        }
        if (read instanceof ReportReading.Read.Unavailable u) {
            return "not given: " + u.reason();
        }
        return "not shown: " + ((ReportReading.Read.NotReadable) read).reason();
    }
}

package nl.zorgbrug.app.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.DicomWriter;
import nl.zorgbrug.gateway.inbound.Arrival;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.inbound.IntakeOutcome;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.RouteDecision;
import nl.zorgbrug.registry.consumer.StudyImport;

/**
 * The gateway's import route as the one way in for imported instances: the same intake as C-STORE and STOW-RS (spooled
 * durably, the import swap to the local id or quarantine, a job to the own PACS with its retries). An instance the
 * import found to be of another patient goes to the quarantine worklist with the import's reason.
 *
 * <p>What the route took is in the gateway's own tables: an instance of the study in a job of the route's direction, or
 * on the quarantine worklist of the route ({@link #took}). The import asks them about the one instance it had in hand
 * when the node stopped (StudyImport.Progress), as the gateway's readmission asks them about a spooled file at start.
 */
final class IntakeImportRoute implements StudyImport.ImportRoute, ImageImports.RouteRecord {
    private final Intake intake;
    private final JobRepository jobs;
    private final QuarantineRepository quarantine;
    private final String routeName;
    private final String callingAeTitle;

    IntakeImportRoute(Intake intake, JobRepository jobs, QuarantineRepository quarantine, String routeName,
                      String callingAeTitle) {
        this.intake = intake;
        this.jobs = jobs;
        this.quarantine = quarantine;
        this.routeName = routeName;
        this.callingAeTitle = callingAeTitle;
    }

    /**
     * Whether the import route took instance {@code sop} of {@code study}: into a job of its direction (IMPORT), or
     * onto the quarantine worklist under its name; the same test as the gateway's readmission of a spooled file
     * (Readmission.known), which at start has admitted a file spooled but not yet recorded when the node stopped.
     */
    @Override
    public Optional<StudyImport.Admission> took(String study, String sop) {
        for (JobInstance i : jobs.instancesBySopInstanceUid(sop)) {
            if (jobs.find(i.jobId()).map(j -> j.direction() == Direction.IMPORT && j.studyInstanceUid().equals(study))
                    .orElse(false)) {
                return Optional.of(StudyImport.Admission.IMPORTED);
            }
        }
        return quarantine.byStudy(study).stream().anyMatch(q -> q.sopInstanceUid().equals(sop)
                && q.route().equals(routeName)) ? Optional.of(StudyImport.Admission.QUARANTINED) : Optional.empty();
    }

    @Override
    public StudyImport.Admission admit(DicomFile instance, StudyImport.QuarantineReason quarantine)
            throws IOException {
        if (routeName == null) {
            throw new IOException("no import route is configured (zorgbrug.registry.consumer.import-route)");
        }
        Route route = intake.routeNamed(routeName).orElseThrow(() -> new IOException("the gateway has no route named "
                + routeName + " (zorgbrug.registry.consumer.import-route)"));
        if (route.direction() != Direction.IMPORT) {
            throw new IOException("route " + routeName + " is no import route (direction " + route.direction() + ")");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).writeDataSet(instance.dataSet(), instance.transferSyntax());
        IntakeOutcome outcome = intake.receive(route, new Arrival(instance.dataSet().getString(Tag.SOPClassUID),
                instance.dataSet().getString(Tag.SOPInstanceUID), instance.transferSyntax(), callingAeTitle),
                new ByteArrayInputStream(out.toByteArray()), quarantine == null ? null
                        : new RouteDecision.Quarantine(quarantine.code(), quarantine.messageNl(),
                        quarantine.messageEn(), null));
        if (outcome instanceof IntakeOutcome.Quarantined) {
            return StudyImport.Admission.QUARANTINED;
        }
        if (outcome.safe()) {
            return StudyImport.Admission.IMPORTED;
        }
        if (outcome instanceof IntakeOutcome.Unreadable) {
            return StudyImport.Admission.REFUSED;
        }
        throw new IOException("the import route could not keep instance " + instance.dataSet()
                .getString(Tag.SOPInstanceUID) + ": " + outcome);
    }
}

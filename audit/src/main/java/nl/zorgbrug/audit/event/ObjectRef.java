package nl.zorgbrug.audit.event;

import java.util.Objects;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;

/** One object an event concerns: its kind and its identifier (a UID, a FHIR type/id, a job number). */
public record ObjectRef(ObjectKind kind, String id) {
    public ObjectRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static ObjectRef study(String studyInstanceUid) {
        return new ObjectRef(ObjectKind.STUDY, studyInstanceUid);
    }

    public static ObjectRef series(String seriesInstanceUid) {
        return new ObjectRef(ObjectKind.SERIES, seriesInstanceUid);
    }

    public static ObjectRef sopInstance(String sopInstanceUid) {
        return new ObjectRef(ObjectKind.SOP_INSTANCE, sopInstanceUid);
    }

    public static ObjectRef job(long jobId) {
        return new ObjectRef(ObjectKind.JOB, Long.toString(jobId));
    }

    public static ObjectRef fhir(String type, String id) {
        return new ObjectRef(ObjectKind.FHIR_RESOURCE, type + "/" + id);
    }

    /** A patient a list or search showed: {@code <bsn>|<local id>}, the BSN part empty when none is known. */
    public static ObjectRef patient(PatientRef patient) {
        String local = patient.localId() == null ? "" : patient.localId();
        return new ObjectRef(ObjectKind.PATIENT, (patient.bsn() == null ? "" : patient.bsn().value()) + "|" + local);
    }

    /**
     * A Patient ID of another institution, as it arrived, with its issuer (null or blank: none given): recorded as it
     * is, never looked up in our MPI ({@link ObjectKind#FOREIGN_PATIENT_ID}).
     */
    public static ObjectRef foreignPatient(String patientId, String issuer) {
        Objects.requireNonNull(patientId, "patientId");
        return new ObjectRef(ObjectKind.FOREIGN_PATIENT_ID, (issuer == null ? "" : issuer.strip()) + "|" + patientId);
    }

    /** The Patient ID of a {@link ObjectKind#FOREIGN_PATIENT_ID}, else null. */
    public String foreignPatientId() {
        return kind == ObjectKind.FOREIGN_PATIENT_ID ? id.substring(id.indexOf('|') + 1) : null;
    }

    /** The issuer of a {@link ObjectKind#FOREIGN_PATIENT_ID}, null when none was given (or for another kind). */
    public String foreignIssuer() {
        if (kind != ObjectKind.FOREIGN_PATIENT_ID) {
            return null;
        }
        int bar = id.indexOf('|');
        return bar <= 0 ? null : id.substring(0, bar);
    }

    /** The patient this object names, when it is a {@link ObjectKind#PATIENT}. */
    public Optional<PatientRef> asPatient() {
        if (kind != ObjectKind.PATIENT) {
            return Optional.empty();
        }
        int bar = id.indexOf('|');
        String bsn = bar < 0 ? id : id.substring(0, bar);
        String local = bar < 0 ? "" : id.substring(bar + 1);
        Bsn parsed = Bsn.isValid(bsn) ? Bsn.parse(bsn) : null;
        return parsed == null && local.isEmpty() ? Optional.empty()
                : Optional.of(new PatientRef(parsed, local.isEmpty() ? null : local));
    }

    /** An object naming a patient masks the BSN and local number, as {@link PatientRef#toString()} does. */
    @Override
    public String toString() {
        if (kind == ObjectKind.FOREIGN_PATIENT_ID) {
            // The number may be a BSN without its OID: masked like one.
            return "ObjectRef[FOREIGN_PATIENT_ID " + Bsn.mask(foreignPatientId()) + " issuer " + foreignIssuer() + "]";
        }
        return kind == ObjectKind.PATIENT ? "ObjectRef[PATIENT " + asPatient().map(PatientRef::toString).orElse("")
                + "]" : "ObjectRef[kind=" + kind + ", id=" + id + "]";
    }
}

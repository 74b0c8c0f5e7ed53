package nl.zorgbrug.audit.event;

/**
 * The kinds of object an event can name (NEN 7513: the data acted on; PS3.15 A.5.1 ParticipantObjectIDTypeCode).
 */
public enum ObjectKind {
    /** Study Instance UID (0020,000D). */
    STUDY,
    /** Series Instance UID (0020,000E). */
    SERIES,
    /** SOP Instance UID (0008,0018). */
    SOP_INSTANCE,
    /** A FHIR resource, as type/id (Patient/123). */
    FHIR_RESOURCE,
    /** A job of the gateway, by its number. */
    JOB,
    /** A consent record, by its id. */
    CONSENT,
    /** The audit trail itself (reading, purging, verifying), by the range of records. */
    AUDIT_TRAIL,
    /**
     * A patient whose data a list or search showed, beside the one patient the event is about (NEN 7513: every patient
     * whose data was shown is named): BSN and local number as {@code <bsn>|<local id>}, either part may be empty
     * ({@link ObjectRef#patient}). In ATNA a participant object of type person, role patient (PS3.15 A.5.1); in BALP a
     * Patient entity.
     */
    PATIENT,
    /**
     * A Patient ID another institution issued, as it arrived, with its issuer: {@code <issuer>|<patient id>}, the
     * issuer empty when the object named none ({@link ObjectRef#foreignPatient}). Kept apart from {@link #PATIENT}
     * because our MPI cannot say whose it is: the same number may be one of our own patients' (issue 17: an import
     * job's Patient ID names an MPI patient only with our own issuer or as a BSN with the BSN OID). In ATNA a
     * person/patient participant with the ID in HL7 CX form; in BALP, for now, an entity of this kind with the text
     * as its identifier (not yet a Patient entity).
     */
    FOREIGN_PATIENT_ID
}

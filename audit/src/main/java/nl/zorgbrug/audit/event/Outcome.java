package nl.zorgbrug.audit.event;

/**
 * How the action ended (NEN 7513 "resultaat"), with the numeric codes of DICOM PS3.15 A.5.1 EventOutcomeIndicator
 * (the same as FHIR AuditEvent.outcome), so an ATNA export maps them one to one.
 */
public enum Outcome {
    SUCCESS(0), MINOR_FAILURE(4), SERIOUS_FAILURE(8), MAJOR_FAILURE(12);

    private final int code;

    Outcome(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}

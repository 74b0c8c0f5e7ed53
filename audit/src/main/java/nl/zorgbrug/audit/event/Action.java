package nl.zorgbrug.audit.event;

/**
 * What an event did to the data (NEN 7513:2018, the "actie" of a logged event; the same codes as DICOM PS3.15
 * A.5.1 EventActionCode and FHIR AuditEvent.action): create, read, update, delete, execute.
 */
public enum Action {
    CREATE('C'), READ('R'), UPDATE('U'), DELETE('D'), EXECUTE('E');

    private final char code;

    Action(char code) {
        this.code = code;
    }

    /** The one-letter code of PS3.15 A.5.1 (C, R, U, D, E). */
    public char code() {
        return code;
    }
}

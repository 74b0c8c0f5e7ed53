package nl.zorgbrug.audit.event;

/**
 * The kinds of event the node logs (issue 17, "Audit trail": every action on patient data, and the security
 * events). Each has the {@link Action} it usually is; an event may state another (a failed login is an execute
 * like a login).
 */
public enum EventType {
    /** An object came in (C-STORE, STOW-RS) and is safe in the spool. */
    RECEIVE(Action.CREATE, true),
    /** An object, or a job's instances, went to another institution. */
    SEND(Action.READ, true),
    /** An object was passed on unchanged by a route (no own copy kept beyond delivery). */
    FORWARD(Action.READ, true),
    /** An object went to the quarantine worklist. */
    QUARANTINE(Action.CREATE, true),
    /** A person acted on a quarantined study (link, reject, download, recheck). */
    QUARANTINE_ACTION(Action.UPDATE, true),
    /** A person acted on a job (retry, cancel, release, send). */
    JOB_ACTION(Action.UPDATE, true),
    /** A job moved from one state to another (the node itself). */
    JOB_STATE(Action.UPDATE, true),
    /** Someone searched for patient data (C-FIND, a console search, a FHIR search). */
    QUERY(Action.EXECUTE, true),
    /** Someone fetched patient data (C-MOVE, C-GET, WADO, a FHIR read). */
    RETRIEVE(Action.READ, true),
    /** A console page or API response showed patient data. */
    VIEW(Action.READ, true),
    /** Data of another institution was taken into the own system. */
    IMPORT(Action.CREATE, true),
    /** A report with patient data was exported (CSV, PDF). */
    EXPORT_REPORT(Action.READ, true),
    /** The consent service decided on a request to make data available. */
    CONSENT_DECISION(Action.EXECUTE, true),
    /** A consent (or shielding) was recorded or withdrawn. */
    CONSENT_CHANGE(Action.UPDATE, true),
    /** A person changed a patient's identity data in the MPI, or had the BSN checked against the register (SBV-Z). */
    MPI_CHANGE(Action.UPDATE, true),
    /** A person logged in to the console or API. */
    LOGIN(Action.EXECUTE, false),
    /** A person logged out (or the session ended). */
    LOGOUT(Action.EXECUTE, false),
    /** A person added or changed patients in the master patient index (a number, a BSN, a name; a CSV import). */
    PATIENT_CHANGE(Action.UPDATE, true),
    /** A login was refused (wrong password, locked out). */
    LOGIN_FAILED(Action.EXECUTE, false),
    /** A user was added, changed or removed. */
    USER_CHANGE(Action.UPDATE, false),
    /** A user's roles changed. */
    ROLE_CHANGE(Action.UPDATE, false),
    /** The node's configuration changed. */
    CONFIGURATION_CHANGE(Action.UPDATE, false),
    /** Someone read the audit trail (the patient's overview, a search, verification): reading is logged too. */
    AUDIT_READ(Action.READ, true),
    /** Records past the retention were purged (an explicit act, itself logged). */
    AUDIT_PURGE(Action.DELETE, false);

    private final Action usualAction;
    private final boolean aboutPatientData;

    EventType(Action usualAction, boolean aboutPatientData) {
        this.usualAction = usualAction;
        this.aboutPatientData = aboutPatientData;
    }

    public Action usualAction() {
        return usualAction;
    }

    /** Whether events of this type concern patient data (and so belong in a patient's overview when they name one). */
    public boolean aboutPatientData() {
        return aboutPatientData;
    }
}

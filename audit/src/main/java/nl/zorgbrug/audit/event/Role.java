package nl.zorgbrug.audit.event;

/**
 * The role in which a user acted (issue 17, "Access control": least privilege per role). {@link #SYSTEM} is the
 * node acting by itself (a route, the job runner); {@link #REMOTE_SYSTEM} another institution's system whose
 * user we do not know by name (a C-STORE from their node).
 */
public enum Role {
    ADMIN, OPERATOR, CLINICIAN, QUALITY_OFFICER, PRIVACY_OFFICER, AUDITOR, SYSTEM, REMOTE_SYSTEM
}

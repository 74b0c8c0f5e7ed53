package nl.zorgbrug.audit.event;

/**
 * The role in which a user acted (issue 17, "Access control": least privilege per role). {@link #SYSTEM} is the
 * node acting by itself (a route, the job runner); {@link #REMOTE_SYSTEM} another institution's system whose
 * user we do not know by name (a C-STORE from their node); {@link #UNKNOWN} a name that is no user of the node (typed
 * at a failed login, or a user removed since), which must not be recorded with a role it never had.
 */
public enum Role {
    ADMIN, OPERATOR, CLINICIAN, QUALITY_OFFICER, PRIVACY_OFFICER, AUDITOR, SYSTEM, REMOTE_SYSTEM, UNKNOWN
}

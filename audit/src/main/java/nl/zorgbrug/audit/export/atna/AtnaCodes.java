package nl.zorgbrug.audit.export.atna;

import org.openehealth.ipf.commons.audit.codes.EventIdCode;
import org.openehealth.ipf.commons.audit.codes.EventTypeCode;

import nl.zorgbrug.audit.event.EventType;

/**
 * Which DICOM audit message (PS3.15 A.5.3, PS3.16 CID 400 "Audit Event ID" and CID 401-403 "Event Type Code")
 * tells each NEN 7513 event type. The action (C/R/U/D/E) is the event's own, so a received study is "DICOM Instances
 * Transferred" with C and a sent one the same with R, as A.5.3.4 asks of the receiving and the sending side.
 *
 * @param eventId   EventIdentification/EventID
 * @param eventType EventIdentification/EventTypeCode, null where the event ID needs none
 */
public record AtnaCodes(EventIdCode eventId, EventTypeCode eventType) {

    /** The codes for a NEN 7513 event type (table in docs/audit.md, "Export to the audit repository"). */
    public static AtnaCodes of(EventType type) {
        return switch (type) {
            // A.5.3.4 DICOM Instances Transferred: C by the receiver, R by the sender (and by one who retrieves).
            case RECEIVE, SEND, FORWARD, RETRIEVE -> new AtnaCodes(EventIdCode.DICOMInstancesTransferred, null);
            // A.5.3.3 DICOM Instances Accessed: created, read, changed or deleted in place (the quarantine, a job).
            case QUARANTINE, QUARANTINE_ACTION, JOB_ACTION, JOB_STATE ->
                    new AtnaCodes(EventIdCode.DICOMInstancesAccessed, null);
            // A.5.3.12 Query.
            case QUERY -> new AtnaCodes(EventIdCode.Query, null);
            // A.5.3.10 Patient Record: a page or response that showed patient data, a consent kept for them, and a
            // change to the patient's record in the MPI (issue 16: BSN, name, merge, SBV-Z verification).
            case VIEW, CONSENT_CHANGE, MPI_CHANGE -> new AtnaCodes(EventIdCode.PatientRecord, null);
            // A.5.3.7 Import, A.5.3.6 Export.
            case IMPORT -> new AtnaCodes(EventIdCode.Import, null);
            case EXPORT_REPORT -> new AtnaCodes(EventIdCode.Export, null);
            // A.5.3.13 Security Alert with CID 403 "Authorization Decision": the consent service permitted or denied.
            case CONSENT_DECISION -> new AtnaCodes(EventIdCode.SecurityAlert, EventTypeCode.AuthorizationDecision);
            // A.5.3.14 User Authentication, Login / Logout; a refused login is a Login with a failed outcome.
            case LOGIN, LOGIN_FAILED -> new AtnaCodes(EventIdCode.UserAuthentication, EventTypeCode.Login);
            case LOGOUT -> new AtnaCodes(EventIdCode.UserAuthentication, EventTypeCode.Logout);
            // A.5.3.13 Security Alert with the CID 403 type of the change.
            case USER_CHANGE -> new AtnaCodes(EventIdCode.SecurityAlert, EventTypeCode.UserSecurityAttributesChanged);
            case ROLE_CHANGE -> new AtnaCodes(EventIdCode.SecurityAlert, EventTypeCode.SecurityRolesChanged);
            case CONFIGURATION_CHANGE -> new AtnaCodes(EventIdCode.SecurityAlert, EventTypeCode.SoftwareConfiguration);
            // A.5.3.2 Audit Log Used: reading the trail, and purging it (action D).
            case AUDIT_READ, AUDIT_PURGE -> new AtnaCodes(EventIdCode.AuditLogUsed, null);
        };
    }
}

package nl.zorgbrug.gateway.quarantine;

import java.time.Instant;

/**
 * An object that may not be imported automatically (issue 4's rules), waiting for manual
 * reconciliation: grouped by study on the worklist, with the reason in plain words.
 *
 * @param route         the name of the import route that received it: its spool holds the original, and
 *                      a link sends the object to that route's destination (null only for entries recorded
 *                      before routes were recorded, see {@link QuarantineDesk})
 * @param linkedLocalId the local patient number a person linked it to (state LINKED), applied on delivery
 * @param decisionReason why the person decided (a rejection asks for it), recorded with the user
 */
public record QuarantineItem(long id, String route, String studyInstanceUid, String sopInstanceUid,
                             String sopClassUid, String callingAeTitle, String reasonCode, String messageNl,
                             String messageEn, String patientName, String patientIdMasked, QuarantineState state,
                             Instant received, String decidedBy, Instant decided, String linkedLocalId,
                             String decisionReason) {

    /** An entry without a recorded decision reason (an open one, or one decided before reasons were recorded). */
    public QuarantineItem(long id, String route, String studyInstanceUid, String sopInstanceUid, String sopClassUid,
                          String callingAeTitle, String reasonCode, String messageNl, String messageEn,
                          String patientName, String patientIdMasked, QuarantineState state, Instant received,
                          String decidedBy, Instant decided, String linkedLocalId) {
        this(id, route, studyInstanceUid, sopInstanceUid, sopClassUid, callingAeTitle, reasonCode, messageNl,
                messageEn, patientName, patientIdMasked, state, received, decidedBy, decided, linkedLocalId, null);
    }

    /** This entry with its id (as the repository assigned it). */
    public QuarantineItem withId(long newId) {
        return new QuarantineItem(newId, route, studyInstanceUid, sopInstanceUid, sopClassUid, callingAeTitle,
                reasonCode, messageNl, messageEn, patientName, patientIdMasked, state, received, decidedBy, decided,
                linkedLocalId, decisionReason);
    }

    /** This entry decided by a person: REJECTED, or LINKED to a local patient number. */
    public QuarantineItem decided(QuarantineState newState, String user, Instant at, String localId) {
        return decided(newState, user, at, localId, null);
    }

    /** This entry decided by a person, with the reason they gave. */
    public QuarantineItem decided(QuarantineState newState, String user, Instant at, String localId, String why) {
        return new QuarantineItem(id, route, studyInstanceUid, sopInstanceUid, sopClassUid, callingAeTitle,
                reasonCode, messageNl, messageEn, patientName, patientIdMasked, newState, received, user, at, localId,
                why);
    }
}

package nl.zorgbrug.gateway.quarantine;

import java.time.Instant;

/**
 * An object that may not be imported automatically (issue 4's rules), waiting for manual
 * reconciliation: grouped by study on the worklist, with the reason in plain words.
 *
 * @param state OPEN, LINKED (imported after a person chose the local patient) or REJECTED
 */
public record QuarantineItem(long id, String studyInstanceUid, String sopInstanceUid, String sopClassUid,
                             String callingAeTitle, String reasonCode, String messageNl, String messageEn,
                             String patientName, String patientIdMasked, String state, Instant received,
                             String decidedBy, Instant decided) {
}

package nl.zorgbrug.hl7.feed;

/**
 * What one message of the identity feed asks of the master patient index, whatever the wire: the ADT mapping
 * (package {@code adt}) produces these, {@link PatientFeed} applies them, one per transaction.
 */
public sealed interface PatientUpdate {

    /** Add or update a patient (ADT A01, A04, A05, A08, A28, A31). */
    record Register(FeedPatient patient) implements PatientUpdate {
    }

    /**
     * Merge the patient with {@code priorLocalId} into {@code survivor} (ADT A40, "merge patient - patient identifier
     * list"): the prior number ceases to exist, everything under it belongs to the survivor.
     */
    record Merge(FeedPatient survivor, String priorLocalId) implements PatientUpdate {
    }

    /** The patient known as {@code priorLocalId} now has the number in {@code patient} (ADT A47, change identifier). */
    record ChangeIdentifier(FeedPatient patient, String priorLocalId) implements PatientUpdate {
    }

    /** Two records that were linked as one person are two people (ADT A37, unlink patient information). */
    record Unlink(FeedPatient first, FeedPatient second) implements PatientUpdate {
    }
}

package nl.zorgbrug.gateway.inbound;

import java.util.List;
import java.util.Optional;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * What the intake refuses up front, on the head of an object as it streams into the spool, before anything is
 * kept (issue 15): a data set that is not the object its command announces, and a value longer than the node's
 * job and quarantine tables keep. Both are answered 0xA900 with the reason (PS3.4 B.2.3), never a processing
 * failure, and sending the same object again will not help.
 *
 * <p>The limit is the node's, not the standard's: {@value #MAX_STORED_CHARACTERS} characters, well beyond what
 * DICOM allows for each of these attributes (PS3.5 6.2: LO 64 characters, SH 16, PN 64 per component group and
 * three groups, so 194), because real senders exceed the standard's limits (long accession numbers and patient numbers)
 * and such objects must still pass. The value checked is the first, as the tables keep it. The repositories' columns hold that much (V12;
 * {@code JdbcJobRepositoryTest}, {@code JdbcQuarantineTest}, on H2 and PostgreSQL).
 */
public final class HeadCheck {
    /**
     * The most characters of a Patient Name, Patient ID or Accession Number a job or a quarantine entry keeps. A
     * PostgreSQL index entry holds at most about 2700 bytes, so with four bytes per character this is as far as
     * the indexed Patient ID column can safely go.
     */
    public static final int MAX_STORED_CHARACTERS = 512;

    /** An attribute the node keeps in its tables, and what DICOM allows for it (PS3.5 Table 6.2-1). */
    private record Kept(int tag, String name, String dicomLimit) {
    }

    private static final List<Kept> KEPT = List.of(
            new Kept(Tag.PatientName, "Patient Name", "PN: 3x64"),
            new Kept(Tag.PatientID, "Patient ID", "LO: 64"),
            new Kept(Tag.AccessionNumber, "Accession Number", "SH: 16"));

    private HeadCheck() {
    }

    /**
     * Why the intake refuses this object, or empty when it may be kept.
     *
     * @param arrival what the command (or a STOW-RS part's File Meta Information) said the object is
     * @param head    the data set's head as parsed on its way into the spool
     */
    public static Optional<Refusal> check(Arrival arrival, DataSet head) {
        Optional<Refusal> mismatch = sameObject(arrival, head);
        return mismatch.isPresent() ? mismatch : tooLong(head);
    }

    /**
     * PS3.7 9.1.1.1 and PS3.4 B.2.3: the Affected SOP Class and Instance UIDs of a C-STORE are those of the data
     * set. A data set that is another object than its command says would be filed under the command's UID, where a
     * different object of that UID would then be taken for a resend and dropped.
     */
    static Optional<Refusal> sameObject(Arrival arrival, DataSet head) {
        String iuid = head.getString(Tag.SOPInstanceUID);
        if (iuid != null && !iuid.equals(arrival.sopInstanceUid())) {
            return Optional.of(new Refusal("(0008,0018) SOP Instance UID differs from the command's",
                    "the data set's SOP Instance UID (0008,0018) " + iuid + " is not the command's Affected SOP"
                            + " Instance UID (0000,1000) " + arrival.sopInstanceUid()));
        }
        String cuid = head.getString(Tag.SOPClassUID);
        if (cuid != null && !cuid.equals(arrival.sopClassUid())) {
            return Optional.of(new Refusal("(0008,0016) SOP Class UID differs from the command's",
                    "the data set's SOP Class UID (0008,0016) " + cuid + " is not the command's Affected SOP Class"
                            + " UID (0000,0002) " + arrival.sopClassUid()));
        }
        return Optional.empty();
    }

    /** A kept attribute longer than {@link #MAX_STORED_CHARACTERS}; the message names the tag and the length only. */
    public static Optional<Refusal> tooLong(DataSet head) {
        for (Kept k : KEPT) {
            String value = head.getString(k.tag());
            if (value != null && value.length() > MAX_STORED_CHARACTERS) {
                String where = Tag.toString(k.tag()) + " " + k.name();
                return Optional.of(new Refusal(where + ": " + value.length() + " chars, max "
                        + MAX_STORED_CHARACTERS + " (DICOM " + k.dicomLimit() + ")",
                        where + " holds " + value.length() + " characters; DICOM allows " + k.dicomLimit()
                                + " (PS3.5 6.2) and the node keeps at most " + MAX_STORED_CHARACTERS));
            }
        }
        return Optional.empty();
    }

    /** A value cut to what the tables keep, for an entry that must be recorded whatever the object holds. */
    static String cut(String value) {
        return value == null || value.length() <= MAX_STORED_CHARACTERS ? value
                : value.substring(0, MAX_STORED_CHARACTERS);
    }

    /**
     * Why an object is refused.
     *
     * @param comment the Error Comment (0000,0902): LO, at most 64 characters (PS3.7 C.4)
     * @param message the whole reason, for the log and a person; neither holds a patient's name or ID
     */
    public record Refusal(String comment, String message) {
    }
}

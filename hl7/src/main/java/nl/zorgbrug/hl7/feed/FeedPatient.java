package nl.zorgbrug.hl7.feed;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;

/**
 * A patient as the EPD's feed describes it, before the node judges it: the local number, the BSN as sent (null when
 * the message names none; possibly failing the 11-proof), the BSN status the EPD gave (null when the message does
 * not say), and the demographics (birth date YYYYMMDD, sex as DICOM CS M/F/O or null).
 */
public record FeedPatient(String localId, String bsnText, BsnStatus bsnStatus, String familyName, String givenName,
                          String birthDate, String sex) {

    public FeedPatient {
        if (localId == null || localId.isBlank()) {
            throw new IllegalArgumentException("a patient from the feed needs a local number");
        }
    }

    @Override
    public String toString() {
        return "FeedPatient[" + Bsn.mask(localId) + ", bsn " + (bsnText == null ? "none" : Bsn.mask(bsnText)) + " "
                + bsnStatus + "]";
    }
}

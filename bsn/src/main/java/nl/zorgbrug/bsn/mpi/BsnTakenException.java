package nl.zorgbrug.bsn.mpi;

import nl.zorgbrug.bsn.Bsn;

/**
 * A person tried to give a patient a BSN that another local patient of this hospital carries and that patient is not
 * marked conflicted (issue 16): refused, so that no two unconflicted patients ever share a BSN — the rule the EPD
 * feed keeps by marking conflicts, which a person's save clears. The other patient's number is masked.
 */
public class BsnTakenException extends IllegalArgumentException {
    private final String otherLocalIdMasked;

    public BsnTakenException(Bsn bsn, String localId, String otherLocalId) {
        super("BSN " + bsn + " is already carried by local patient " + Bsn.mask(otherLocalId) + ", who is not marked"
                + " conflicted; patient " + Bsn.mask(localId) + " was not saved. Two patients of this hospital may not"
                + " share a BSN: correct the other patient first, or have the EPD merge the two (ADT A40)");
        this.otherLocalIdMasked = Bsn.mask(otherLocalId);
    }

    /** The local number of the patient who has the BSN, masked as in log lines. */
    public String otherLocalIdMasked() {
        return otherLocalIdMasked;
    }

    /**
     * Refuses {@code bsn} for the patient {@code localId} when another unconflicted patient of the issuer carries it;
     * nothing when {@code bsn} is null.
     *
     * @throws BsnTakenException naming the other patient, masked
     */
    public static void requireFree(MasterPatientIndex mpi, String localId, String localIssuer, Bsn bsn) {
        if (bsn == null) {
            return;
        }
        for (MpiPatient other : mpi.byBsn(bsn, localIssuer)) {
            if (!other.localId().equals(localId) && !other.conflicted()) {
                throw new BsnTakenException(bsn, localId, other.localId());
            }
        }
    }
}

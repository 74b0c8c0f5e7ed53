package nl.zorgbrug.compliance.tally;

/**
 * What would set a study without a correct BSN right. The export swap (Nictiz, BSN in DICOM; bsn's
 * {@code ExportSwap}) puts the BSN from the MPI in place on the way out of the hospital: a study it can swap needs
 * nobody, the archive can stay as it is. A study it refuses (unknown patient, BSN not validated, names disagree, a
 * foreign issuer) needs a person in the PACS or the MPI.
 */
public enum Fix {
    /** Correct already, or exempt: nothing to fix. */
    NONE,
    /** The export swap would send it out with the BSN in (0010,0020): nothing to do in the archive for exchange. */
    EXPORT_SWAP,
    /** No MPI was given to the scan, so whether the swap could fix it is not known. */
    UNKNOWN_WITHOUT_MPI,
    /** The export swap refuses it: a person must correct the PACS or the MPI (the reason says what). */
    PERSON;

    /** The study's fix from its objects': a person as soon as one object needs one, else unknown as soon as one
     * object's is unknown (declaration order). */
    public Fix and(Fix other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}

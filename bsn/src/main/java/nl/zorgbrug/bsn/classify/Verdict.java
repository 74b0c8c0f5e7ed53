package nl.zorgbrug.bsn.classify;

/** How an object carries (or lacks) the BSN, measured against the Nictiz "BSN in DICOM" guideline. */
public enum Verdict {
    /** (0010,0020) holds a valid BSN and the issuer is the BSN OID ((0010,0021) or the qualifiers, type ISO). */
    CORRECT(false),
    /** A valid BSN with the BSN OID only in an item of (0010,1002) Other Patient IDs Sequence. */
    BSN_ONLY_IN_OTHER_IDS_SEQUENCE(false),
    /** A valid BSN only in the retired (0010,1000) Other Patient IDs, which has no issuer. */
    BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS(false),
    /** A value that passes the 11-proof where an ID is, but no issuer at all. */
    BSN_WITHOUT_ISSUER(false),
    /** A value that passes the 11-proof with an issuer that is neither the BSN OID nor a known local issuer. */
    WRONG_ISSUER(false),
    /** An ID issued as BSN (BSN OID) that fails the 11-proof or has not 9 digits. */
    INVALID_BSN(false),
    /** No BSN anywhere. */
    NO_BSN(false),
    /** No BSN, and the patient was at most 28 days old on the study date: newborns often have none yet. */
    EXEMPT_NEWBORN(true),
    /** No BSN, and a configured rule exempts the object (temporary IDs, name pattern for unidentified patients). */
    EXEMPT_RULE(true);

    private final boolean exempt;

    Verdict(boolean exempt) {
        this.exempt = exempt;
    }

    public boolean exempt() {
        return exempt;
    }
}

package nl.zorgbrug.bsn.swap;

/**
 * What the export swap does with a Patient ID (0010,0020) that has no issuer: neither (0010,0021) Issuer of
 * Patient ID nor (0010,0024) its qualifiers. Many PACS leave the issuer empty in what they send; whether such a
 * number is the hospital's own is not in the object, so only the sender's configuration can say it.
 */
public enum MissingIssuer {
    /** Hold the object for a person ({@link ReasonCode#LOCAL_ISSUER_MISSING}): we never guess. */
    HOLD,
    /**
     * Take the number as one of the hospital's own ({@link SwapPolicy#localIssuer()}). Only for objects from a
     * sender known to send nothing but the hospital's own numbers (the gateway's route names those callers): a
     * number from anywhere else would then be looked up as ours, and could find another patient of ours.
     */
    ASSUME_LOCAL
}

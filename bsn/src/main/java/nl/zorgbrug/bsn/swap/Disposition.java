package nl.zorgbrug.bsn.swap;

/**
 * What happens to an object the swap refuses. HOLD: a person must look before it may go on (the object
 * is fine but a patient-safety check failed). QUARANTINE: it cannot be matched to a patient
 * automatically and waits for manual reconciliation. Neither is ever silently dropped.
 */
public enum Disposition {
    HOLD, QUARANTINE
}

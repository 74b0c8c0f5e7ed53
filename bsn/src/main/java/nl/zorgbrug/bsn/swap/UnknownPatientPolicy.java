package nl.zorgbrug.bsn.swap;

/** What an import does with a BSN that no local patient carries. */
public enum UnknownPatientPolicy {
    /** Quarantine the object for manual reconciliation (the default). */
    QUARANTINE,
    /** Register a new pending patient in the MPI (BSN status verified, not validated) and import onto it. */
    REGISTER_PENDING
}

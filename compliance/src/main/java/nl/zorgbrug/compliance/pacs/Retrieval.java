package nl.zorgbrug.compliance.pacs;

/** When the PACS scan fetches one instance of a study instead of trusting the C-FIND identifier. */
public enum Retrieval {
    /** Only when the PACS leaves out one of the identity keys (not when it returns them empty). */
    WHEN_KEYS_MISSING,
    /** Always: for a PACS whose C-FIND answers come from an index that lost what the headers hold. */
    ALWAYS,
    /** Never: count from C-FIND alone (a study whose keys are missing is counted as the identifier shows it). */
    NEVER
}

package nl.zorgbrug.bgz.takeover;

/**
 * What reconciliation says of a received zib against the own record (Nictiz, FO BgZ MSZ, "Hergebruik":
 * duplicates by persistent identifier shown once; suspected duplicates by the FO's table; conflicting values shown
 * side by side for the clinician to decide).
 */
public enum Verdict {
    /** Not in the own record: taken over when selected. */
    NEW,
    /** The same zib is in the own record already (same persistent identifier, or the same item of the same source). */
    DUPLICATE,
    /** The FO's table suspects the same fact (e.g. a procedure with the same SNOMED code and date): the clinician decides. */
    SUSPECTED_DUPLICATE,
    /** The same fact with another value (e.g. smoking yes against no): both shown, the clinician decides. */
    CONFLICT
}

package nl.zorgbrug.gateway.job;

/** Export: from our hospital to another institution (BSN swapped in). Import: the other way (local ID swapped back). */
public enum Direction {
    EXPORT, IMPORT
}

package nl.zorgbrug.gateway.quarantine;

/** Where an object on the quarantine worklist stands. */
public enum QuarantineState {
    /** Waiting for a person to link it to a local patient or reject it. */
    OPEN,
    /** A person chose the local patient; the object is imported with that identity (applied on delivery). */
    LINKED,
    /** A person decided it is not to be imported; the original left the spool. */
    REJECTED
}

package nl.zorgbrug.gateway.inbound;

import nl.zorgbrug.gateway.spool.SpooledObject;

/**
 * What became of an object offered to the {@link Intake}; each transport answers it in its own protocol
 * (C-STORE status, PS3.4 B.2.3; STOW-RS Failure Reason, PS3.18 10.5.3). Only the first two are safe.
 */
public sealed interface IntakeOutcome {

    /** Whether the object is safe (spooled, and its job or quarantine item committed): the sender may forget it. */
    default boolean safe() {
        return this instanceof JoinedJob || this instanceof Quarantined;
    }

    /** Spooled and in a job (a resend is in it already). */
    record JoinedJob(SpooledObject spooled, long jobId) implements IntakeOutcome {
    }

    /** Spooled and on the quarantine worklist, waiting for a person. */
    record Quarantined(SpooledObject spooled) implements IntakeOutcome {
    }

    /**
     * A disk the node writes to (the spool's, the database's) is full or below its reserve; nothing half-written
     * was kept. The sender should try again later.
     */
    record SpoolFull(String message) implements IntakeOutcome {
    }

    /**
     * The object was spooled, but the database could not record it (its disk full, the database closed or gone);
     * the spooled copy was removed again. The sender should try again later.
     */
    record NotRecorded(String message) implements IntakeOutcome {
    }

    /** The object cannot be parsed, or names no valid study; nothing was kept. Sending it again will not help. */
    record Unreadable(String message) implements IntakeOutcome {
    }

    /**
     * The data set is not the object its command announces, or holds a value longer than the node keeps
     * ({@link HeadCheck}); nothing was kept. Sending it again will not help.
     *
     * @param comment for the sender: at most 64 characters (the C-STORE Error Comment)
     * @param message the whole reason, without patient data, for the log
     */
    record NotConformant(String comment, String message) implements IntakeOutcome {
    }

    /**
     * The node could not record the object: a fault of the node (its database, a route step), not of the object.
     * What reached the spool stays there and is admitted again when it is sent again or at the next start.
     *
     * @param message what failed, without patient data
     */
    record Failed(String message) implements IntakeOutcome {
    }
}

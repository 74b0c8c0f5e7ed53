package nl.zorgbrug.gateway.job;

/**
 * One SOP instance of a job, with what the other side answered: the per-study delivery proof
 * ("sent" and "acknowledged" can be reconciled between two nodes by these UIDs).
 *
 * @param status the DIMSE status of the last attempt (0x0000 success), -1 when not yet sent, or
 *               {@value #ON_THE_WIRE} while it is being sent and no answer was recorded
 */
public record JobInstance(long jobId, String sopInstanceUid, String sopClassUid, long size, int status,
                          boolean acknowledged, boolean committed) {
    /** Not yet sent. */
    public static final int NOT_SENT = -1;
    /** Sent, and no answer recorded: if the attempt broke off, the receiver may or may not hold it. */
    public static final int ON_THE_WIRE = -2;

    /**
     * The instance goes onto the wire now. Recorded before it is sent, so that an attempt that breaks off (the
     * connection, or the node killed) leaves a trace of what is in doubt; the answer replaces it.
     */
    public JobInstance onTheWire() {
        return new JobInstance(jobId, sopInstanceUid, sopClassUid, size, ON_THE_WIRE, false, committed);
    }

    /** An attempt sent it and broke off before the answer: the receiver may hold it already. */
    public boolean inDoubt() {
        return status == ON_THE_WIRE && !acknowledged;
    }

    public JobInstance answered(int newStatus, boolean success) {
        return new JobInstance(jobId, sopInstanceUid, sopClassUid, size, newStatus, success, committed);
    }

    /** The receiver's storage commitment report committed this instance, or said it has not got it. */
    public JobInstance withCommitted(boolean isCommitted) {
        return new JobInstance(jobId, sopInstanceUid, sopClassUid, size, status, acknowledged, isCommitted);
    }
}

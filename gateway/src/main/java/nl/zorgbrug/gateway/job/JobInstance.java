package nl.zorgbrug.gateway.job;

/**
 * One SOP instance of a job, with what the other side answered: the per-study delivery proof
 * ("sent" and "acknowledged" can be reconciled between two nodes by these UIDs).
 *
 * @param status the DIMSE status of the last attempt (0x0000 success), or -1 when not yet sent
 */
public record JobInstance(long jobId, String sopInstanceUid, String sopClassUid, long size, int status,
                          boolean acknowledged, boolean committed) {

    public JobInstance answered(int newStatus, boolean success) {
        return new JobInstance(jobId, sopInstanceUid, sopClassUid, size, newStatus, success, committed);
    }

    /** The receiver's storage commitment report committed this instance, or said it has not got it. */
    public JobInstance withCommitted(boolean isCommitted) {
        return new JobInstance(jobId, sopInstanceUid, sopClassUid, size, status, acknowledged, isCommitted);
    }
}

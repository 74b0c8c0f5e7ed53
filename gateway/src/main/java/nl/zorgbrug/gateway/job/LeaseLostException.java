package nl.zorgbrug.gateway.job;

/**
 * This node no longer holds the lease of a job it was delivering (issue 22): it did not renew in time (the database
 * was out of reach, the node paused) and the lease ran out, or another node has taken the job over since. Nothing of
 * the change was recorded; the delivery stops, and the node holding the lease now, or the next to claim the job,
 * goes on from what the job's row and instances say.
 */
public final class LeaseLostException extends RuntimeException {
    public LeaseLostException(long jobId, String nodeId, String what) {
        super("node " + nodeId + " no longer holds the lease of job " + jobId + ", so it did not record " + what
                + "; the delivery stops here and the node that claims the job next goes on with it");
    }
}

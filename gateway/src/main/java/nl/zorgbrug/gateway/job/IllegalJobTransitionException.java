package nl.zorgbrug.gateway.job;

/** An operator or the scheduler asked for a move the job's state does not allow (e.g. retry a DONE job). */
public class IllegalJobTransitionException extends IllegalStateException {
    public IllegalJobTransitionException(Job job, JobState target) {
        super("job " + job.id() + " is " + job.state() + " and cannot become " + target
                + "; allowed from " + job.state() + ": " + job.state().next());
    }
}

package nl.zorgbrug.gateway.job;

/** An operator or the scheduler asked for a move the job's state does not allow (e.g. retry a DONE job). */
public class IllegalJobTransitionException extends IllegalStateException {
    public IllegalJobTransitionException(Job job, JobState target) {
        super("job " + job.id() + " is " + job.state() + " and cannot become " + target
                + "; allowed from " + job.state() + ": " + job.state().next());
    }

    /** A move the state table allows only under a condition the job does not meet, said in {@code why}. */
    public IllegalJobTransitionException(Job job, JobState target, String why) {
        super("job " + job.id() + " is " + job.state() + " and cannot become " + target + ": " + why);
    }
}

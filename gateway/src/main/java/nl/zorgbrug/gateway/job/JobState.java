package nl.zorgbrug.gateway.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a job, as a hospital's job manager shows them (after the Twiin gateway's):
 * WAITING to be sent, IN_PROGRESS, DONE (every instance acknowledged), FAILED (with a reason),
 * HELD (needs a person, with a reason) and CANCELLED.
 *
 * <p>FAILED comes in two kinds (issue 5: "the destination is down for a while (jobs go FAILED, retry, then
 * DONE)"): after a transient failure the job is FAILED with an automatic retry pending ({@link Job#retryAt()}),
 * which the scheduler takes when due (FAILED → IN_PROGRESS); after a permanent failure, or when the attempts
 * ran out, it is FAILED with none pending, and only a person moves it on (retry → WAITING, or cancel).
 */
public enum JobState {
    WAITING, IN_PROGRESS, DONE, FAILED, HELD, CANCELLED;

    /** The states this state may move to; anything else is a programming or operator error. */
    public Set<JobState> next() {
        switch (this) {
            case WAITING: return EnumSet.of(IN_PROGRESS, HELD, CANCELLED);
            case IN_PROGRESS: return EnumSet.of(WAITING, DONE, FAILED, HELD, CANCELLED);
            // IN_PROGRESS only as the scheduler's automatic retry, i.e. while Job.retryAt is set (Job.withState checks).
            case FAILED: return EnumSet.of(WAITING, IN_PROGRESS, CANCELLED);
            case HELD: return EnumSet.of(WAITING, CANCELLED);
            // A study that gets new instances after delivery is reopened (emergency mode sends per instance).
            case DONE: return EnumSet.of(WAITING);
            case CANCELLED: return EnumSet.noneOf(JobState.class);
            default: throw new AssertionError(this);
        }
    }

    public boolean canMoveTo(JobState target) {
        return next().contains(target);
    }

    /** CANCELLED is the only state a job never leaves. */
    public boolean isFinal() {
        return next().isEmpty();
    }
}

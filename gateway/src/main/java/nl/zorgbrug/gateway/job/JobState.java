package nl.zorgbrug.gateway.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a job, as a hospital's job manager shows them (after the Twiin gateway's):
 * WAITING to be sent (or for a retry), IN_PROGRESS, DONE (every instance acknowledged),
 * FAILED (with a reason), HELD (needs a person, with a reason) and CANCELLED.
 */
public enum JobState {
    WAITING, IN_PROGRESS, DONE, FAILED, HELD, CANCELLED;

    /** The states this state may move to; anything else is a programming or operator error. */
    public Set<JobState> next() {
        switch (this) {
            case WAITING: return EnumSet.of(IN_PROGRESS, HELD, CANCELLED);
            case IN_PROGRESS: return EnumSet.of(WAITING, DONE, FAILED, HELD, CANCELLED);
            case FAILED: return EnumSet.of(WAITING, CANCELLED);
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

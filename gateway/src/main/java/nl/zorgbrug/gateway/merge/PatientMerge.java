package nl.zorgbrug.gateway.merge;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.recheck.MpiRecheck;

/**
 * Carries a merge of two patients in the EPD to what the node holds under the prior number (issue 16), in the
 * caller's transaction (the feed's, with the MPI change): the merge is remembered, jobs not yet delivered and
 * quarantine links are re-pointed to the survivor, each with a step in the job's history, delivered jobs are counted
 * for the list a person works through ({@link MergedPatients#deliveredUnderPrior}), and one
 * {@link GatewayEvent.PatientsMerged} tells the audit trail. What the re-pointed work may do now — a held job
 * released, a quarantined study imported — the MPI re-check decides after the commit ({@link MpiRecheck}).
 */
public final class PatientMerge {
    private final MergedPatients merged;
    private final GatewayEvents events;
    private final Clock clock;

    public PatientMerge(MergedPatients merged, GatewayEvents events, Clock clock) {
        this.merged = merged;
        this.events = events;
        this.clock = clock;
    }

    /** What a merge touched. */
    public record Result(int jobsRepointed, int quarantineRepointed, int deliveredUnderPrior) {
    }

    /**
     * The EPD merged {@code priorLocalId} into {@code survivorLocalId}.
     *
     * @param source the HL7 event that said so (A40, A47), for the history
     */
    public Result merged(String priorLocalId, String survivorLocalId, String source) {
        if (priorLocalId.equals(survivorLocalId)) {
            throw new IllegalArgumentException("a merge of patient " + Bsn.mask(priorLocalId) + " into itself");
        }
        Instant now = clock.instant();
        merged.record(new MergedPatients.Merge(priorLocalId, survivorLocalId, source, now));
        String detail = source + ": the EPD merged patient " + Bsn.mask(priorLocalId) + " into "
                + Bsn.mask(survivorLocalId);
        // Set-based, one statement per rule whatever the number of jobs (issue 16: a patient with 10,000 objects).
        int repointed = merged.moveJobs(priorLocalId, survivorLocalId, statesFor(MergeRule.Action.REPOINT),
                new MergedPatients.JobStep(MpiRecheck.AUTOMATIC, "merge", detail
                        + "; the job is delivered under the surviving patient", now));
        int delivered = merged.moveJobs(priorLocalId, null, statesFor(MergeRule.Action.LIST_DELIVERED),
                new MergedPatients.JobStep(MpiRecheck.AUTOMATIC, "merge", detail
                        + "; already delivered under the prior number: the receiver must merge it too", now));
        int quarantine = merged.repointQuarantine(priorLocalId, survivorLocalId);
        events.publish(new GatewayEvent.PatientsMerged(source, repointed, quarantine, delivered, now));
        return new Result(repointed, quarantine, delivered);
    }

    private static Set<JobState> statesFor(MergeRule.Action action) {
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        for (JobState state : JobState.values()) {
            if (MergeRule.forJob(state) == action) {
                states.add(state);
            }
        }
        return states;
    }
}

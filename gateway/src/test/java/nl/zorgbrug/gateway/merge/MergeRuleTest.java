package nl.zorgbrug.gateway.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.gateway.job.JobState;

class MergeRuleTest {

    @Test
    void jobsNotYetDeliveredAreRepointedDeliveredOnesListedCancelledOnesLeft() {
        assertThat(MergeRule.forJob(JobState.WAITING)).isEqualTo(MergeRule.Action.REPOINT);
        assertThat(MergeRule.forJob(JobState.IN_PROGRESS)).isEqualTo(MergeRule.Action.REPOINT);
        assertThat(MergeRule.forJob(JobState.FAILED)).isEqualTo(MergeRule.Action.REPOINT);
        assertThat(MergeRule.forJob(JobState.HELD)).isEqualTo(MergeRule.Action.REPOINT);
        assertThat(MergeRule.forJob(JobState.DONE)).isEqualTo(MergeRule.Action.LIST_DELIVERED);
        assertThat(MergeRule.forJob(JobState.CANCELLED)).isEqualTo(MergeRule.Action.LEAVE);
    }

    @Test
    void theSurvivorFollowsAChainOfMergesAndStopsAtACycle() {
        Map<String, String> into = Map.of("A", "B", "B", "C", "X", "Y", "Y", "X");
        assertThat(MergeRule.survivor("A", id -> Optional.ofNullable(into.get(id)))).contains("C");
        assertThat(MergeRule.survivor("B", id -> Optional.ofNullable(into.get(id)))).contains("C");
        assertThat(MergeRule.survivor("C", id -> Optional.ofNullable(into.get(id)))).isEmpty();
        // X into Y, later Y back into X: the last number before it repeats.
        assertThat(MergeRule.survivor("X", id -> Optional.ofNullable(into.get(id)))).contains("Y");
    }
}

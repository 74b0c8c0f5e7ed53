package nl.zorgbrug.gateway.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.InMemoryMpiStore;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.JobState;

/** A merge in the EPD re-points what the node holds under the prior number (issue 16). */
class PatientMergeTest {
    static final String ISSUER = "2.16.528.1.1007.99.1";
    final Clock clock = Clock.fixed(Instant.parse("2026-12-06T05:00:00Z"), ZoneOffset.UTC);
    final InMemoryJobRepository jobs = new InMemoryJobRepository();
    final InMemoryMergedPatients merged = new InMemoryMergedPatients(jobs);
    final List<GatewayEvent> events = new ArrayList<>();
    final PatientMerge merge = new PatientMerge(merged, events::add, clock);

    @Test
    void heldAndWaitingJobsAndQuarantineLinksMoveToTheSurvivorDeliveredOnesAreListed() {
        merged.putJob(1, JobState.HELD, "PAT-OLD");
        merged.putJob(2, JobState.WAITING, "PAT-OLD");
        merged.putJob(3, JobState.DONE, "PAT-OLD");
        merged.putJob(4, JobState.CANCELLED, "PAT-OLD");
        merged.putJob(5, JobState.HELD, "PAT-OTHER");
        merged.putQuarantineLink(10, "PAT-OLD");

        PatientMerge.Result result = merge.merged("PAT-OLD", "PAT-NEW", "A40");

        assertThat(result).isEqualTo(new PatientMerge.Result(2, 1, 1));
        assertThat(merged.patientOf(1)).isEqualTo("PAT-NEW");
        assertThat(merged.patientOf(2)).isEqualTo("PAT-NEW");
        assertThat(merged.patientOf(3)).as("delivered: the receiver has it under the old number")
                .isEqualTo("PAT-OLD");
        assertThat(merged.patientOf(4)).isEqualTo("PAT-OLD");
        assertThat(merged.patientOf(5)).isEqualTo("PAT-OTHER");
        assertThat(merged.quarantineLinkOf(10)).isEqualTo("PAT-NEW");
        assertThat(merged.deliveredUnderPrior(10)).extracting(MergedPatients.DeliveredUnderPrior::jobId)
                .containsExactly(3L);
        // Each affected job has a step in its history, with the numbers masked; the cancelled one has none.
        assertThat(jobs.events()).hasSize(3).allMatch(e -> e.contains(" merge A40: the EPD merged patient"))
                .noneMatch(e -> e.contains("PAT-OLD") || e.contains("PAT-NEW"))
                .noneMatch(e -> e.contains("job 4 "));
        assertThat(events).containsExactly(new GatewayEvent.PatientsMerged("A40", 2, 1, 1, clock.instant()));
    }

    @Test
    void anObjectUnderThePriorNumberIsFoundAsTheSurvivorUnlessTheNumberIsGivenOutAgain() {
        InMemoryMpiStore mpi = new InMemoryMpiStore();
        MpiPatient survivor = new MpiPatient("PAT-C", ISSUER, Bsn.parse("999911120"), BsnStatus.VALIDATED,
                "Jansen", "Olga", "19650302", "F", null, null);
        mpi.save(survivor);
        merge.merged("PAT-A", "PAT-B", "A40");
        merge.merged("PAT-B", "PAT-C", "A47");
        FollowingMerges routed = new FollowingMerges(mpi, merged);

        assertThat(routed.byLocalId("PAT-A", ISSUER)).contains(survivor);
        assertThat(routed.byLocalId("PAT-B", ISSUER)).contains(survivor);
        assertThat(routed.byLocalId("PAT-X", ISSUER)).isEmpty();

        MpiPatient again = new MpiPatient("PAT-A", ISSUER, null, BsnStatus.NONE, "Bakker", "Piet", "19700101", "M",
                null, null);
        mpi.save(again);
        assertThat(routed.byLocalId("PAT-A", ISSUER)).contains(again);
    }

    /** The swaps' alias rule (issue 16): exactly the numbers byLocalId finds as the patient name the patient. */
    @Test
    void aMergedNumberNamesItsSurvivorUntilItIsGivenOutAgain() {
        InMemoryMpiStore mpi = new InMemoryMpiStore();
        mpi.save(new MpiPatient("PAT-C", ISSUER, Bsn.parse("999911120"), BsnStatus.VALIDATED, "Jansen", "Olga",
                "19650302", "F", null, null));
        FollowingMerges routed = new FollowingMerges(mpi, merged);
        assertThat(routed.names("PAT-A", "PAT-C", ISSUER)).as("before any merge").isFalse();
        merge.merged("PAT-A", "PAT-B", "A40");
        merge.merged("PAT-B", "PAT-C", "A47");

        assertThat(routed.names("PAT-A", "PAT-C", ISSUER)).isTrue();
        assertThat(routed.names("PAT-B", "PAT-C", ISSUER)).isTrue();
        assertThat(routed.names("PAT-C", "PAT-C", ISSUER)).isTrue();
        assertThat(routed.names("PAT-C", "PAT-A", ISSUER)).as("a survivor is no alias of its prior number").isFalse();
        assertThat(routed.names("PAT-X", "PAT-C", ISSUER)).isFalse();

        mpi.save(new MpiPatient("PAT-A", ISSUER, null, BsnStatus.NONE, "Bakker", "Piet", "19700101", "M", null,
                null));
        assertThat(routed.names("PAT-A", "PAT-C", ISSUER)).as("given out again: another patient").isFalse();
    }
}

package nl.zorgbrug.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** unacknowledged() is kept as an index; it must answer what filtering instances() would, in the same order. */
class InMemoryJobRepositoryTest {

    private static JobInstance instance(long job, String uid) {
        return new JobInstance(job, uid, "1.2.840.10008.5.1.4.1.1.2", 100, -1, false, false);
    }

    private static List<JobInstance> filtered(InMemoryJobRepository repo, long job) {
        return repo.instances(job).stream().filter(i -> !i.acknowledged()).toList();
    }

    @Test
    void unacknowledgedFollowsAcknowledgementsAndResendsInTheJobsOrder() {
        InMemoryJobRepository repo = new InMemoryJobRepository();
        for (String uid : List.of("1.1", "1.2", "1.3", "1.4")) {
            assertThat(repo.addInstance(instance(7, uid))).isTrue();
        }
        assertThat(repo.addInstance(instance(7, "1.2"))).as("a duplicate is not added").isFalse();
        repo.addInstance(instance(8, "1.2"));
        assertThat(repo.unacknowledged(7)).extracting(JobInstance::sopInstanceUid)
                .containsExactly("1.1", "1.2", "1.3", "1.4");

        repo.updateInstance(instance(7, "1.2").answered(0x0000, true));
        repo.updateInstance(instance(7, "1.4").answered(0x0000, true));
        assertThat(repo.unacknowledged(7)).extracting(JobInstance::sopInstanceUid).containsExactly("1.1", "1.3");
        assertThat(repo.unacknowledged(7)).isEqualTo(filtered(repo, 7));

        // A receiver's commitment report says it lacks 1.2 after all: it is to be sent again, in its place.
        repo.updateInstance(instance(7, "1.2").answered(0x0000, false));
        repo.updateInstance(instance(7, "1.1").answered(0xA700, false));
        assertThat(repo.unacknowledged(7)).isEqualTo(filtered(repo, 7));
        assertThat(repo.unacknowledged(7)).extracting(JobInstance::sopInstanceUid).containsExactly("1.1", "1.2", "1.3");
        assertThat(repo.unacknowledged(7).get(0).status()).isEqualTo(0xA700);

        // An instance first seen through an update (no addInstance) counts too.
        repo.updateInstance(instance(7, "1.5"));
        assertThat(repo.unacknowledged(7)).isEqualTo(filtered(repo, 7));
        assertThat(repo.unacknowledged(8)).extracting(JobInstance::sopInstanceUid).containsExactly("1.2");
        assertThat(repo.unacknowledged(9)).isEmpty();
    }
}

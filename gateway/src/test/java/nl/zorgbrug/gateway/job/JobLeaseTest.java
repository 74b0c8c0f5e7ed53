package nl.zorgbrug.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Issue 22: two nodes (two job managers) share one job store. A node claims a due job with a lease, renews it while
 * it delivers, and records nothing once the lease is gone; a job whose holder stopped renewing is taken over.
 */
class JobLeaseTest {
    private final InMemoryJobRepository repo = new InMemoryJobRepository();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5), 3);
    private final JobManager nodeA = node("a");
    private final JobManager nodeB = node("b");

    private JobManager node(String id) {
        return new JobManager(repo, policy, clock, Transactions.none(), JobAlerts.logged(), JobEvents.none(),
                Leases.alone(id));
    }

    /** A clock the test moves on, shared by both nodes. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void pass(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private Job dueJob(String study) {
        return nodeA.accept(study, "UMCX", Direction.EXPORT, "ACC", new JobInstance(0, study + ".1",
                "1.2.840.10008.5.1.4.1.1.2", 1000, -1, false, false));
    }

    @Test
    void aClaimedJobIsNotClaimedByAnotherNodeWhileTheLeaseHolds() {
        Job job = dueJob("2.25.1");
        assertThat(nodeA.claim(clock.instant(), 10)).extracting(Job::id).containsExactly(job.id());
        assertThat(nodeB.claim(clock.instant(), 10)).isEmpty();
        nodeA.start(job);
        clock.pass(Duration.ofSeconds(25));
        assertThat(nodeB.claim(clock.instant(), 10)).isEmpty();
        assertThat(repo.leaseHolder(job.id(), clock.instant())).contains("a");
    }

    @Test
    void renewalsKeepTheLeaseForAsLongAsTheDeliveryRuns() {
        Job job = dueJob("2.25.2");
        nodeA.claim(clock.instant(), 10);
        Job started = nodeA.start(job);
        for (int i = 0; i < 10; i++) {
            clock.pass(nodeA.leases().renewEvery());
            assertThat(nodeA.renewLeases()).isEmpty();
            assertThat(nodeB.claim(clock.instant(), 10)).isEmpty();
        }
        Job done = nodeA.finish(started, List.of(repo.instances(job.id()).get(0).answered(0, true)), null);
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(repo.leaseHolder(job.id(), clock.instant())).as("the lease ends with the delivery").isEmpty();
        assertThat(nodeA.renewLeases()).isEmpty();
    }

    @Test
    void aJobWhoseHolderStoppedRenewingIsTakenOverAndTheOldHolderRecordsNothing() {
        Job job = dueJob("2.25.3");
        nodeA.claim(clock.instant(), 10);
        Job startedByA = nodeA.start(job);
        // Node A pauses (or dies): no renewal for longer than the lease.
        clock.pass(Duration.ofSeconds(31));
        List<Job> claimed = nodeB.claim(clock.instant(), 10);
        assertThat(claimed).extracting(Job::id).containsExactly(job.id());
        Job startedByB = nodeB.start(claimed.get(0));
        assertThat(startedByB.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(repo.events()).anyMatch(e -> e.contains("taken over by node b"));

        // A wakes up: its answer, its outcome and its renewal are all refused, and change nothing.
        JobInstance answer = repo.instances(job.id()).get(0).answered(0, true);
        assertThatThrownBy(() -> nodeA.recordInstances(List.of(answer))).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("job " + job.id());
        assertThatThrownBy(() -> nodeA.finish(startedByA, List.of(), null)).isInstanceOf(LeaseLostException.class);
        assertThat(nodeA.renewLeases()).isEmpty();
        assertThat(repo.instances(job.id()).get(0).acknowledged()).isFalse();
        assertThat(nodeA.get(job.id()).state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(repo.leaseHolder(job.id(), clock.instant())).contains("b");

        // B finishes it.
        Job done = nodeB.finish(startedByB, List.of(answer), null);
        assertThat(done.state()).isEqualTo(JobState.DONE);
    }

    @Test
    void aHolderStopsWritingAMarginBeforeItsLeaseEndsSoNoTwoNodesWriteAtOnce() {
        Job job = dueJob("2.25.4");
        nodeA.claim(clock.instant(), 10);
        Job started = nodeA.start(job);
        // Not renewed: 21 s later the lease has 9 s left, less than the 10 s margin; nobody else may claim it yet.
        clock.pass(Duration.ofSeconds(21));
        assertThat(nodeA.renewLeases()).containsExactly(job.id());
        assertThatThrownBy(() -> nodeA.finish(started, List.of(), null)).isInstanceOf(LeaseLostException.class);
        assertThat(nodeB.claim(clock.instant(), 10)).isEmpty();
        clock.pass(Duration.ofSeconds(9));
        assertThat(nodeB.claim(clock.instant(), 10)).extracting(Job::id).containsExactly(job.id());
    }

    @Test
    void aRestartingNodePutsBackOnlyItsOwnJobsAndThoseNoNodeHolds() {
        Job ofA = dueJob("2.25.5");
        Job ofB = dueJob("2.25.6");
        Job unclaimed = dueJob("2.25.7");
        nodeA.claim(clock.instant(), 1);
        nodeA.start(ofA);
        nodeB.claim(clock.instant(), 1);
        nodeB.start(ofB);
        nodeA.start(unclaimed);
        // Node A restarts under the same name: its job and the unclaimed one wait again, B's job stays B's.
        JobManager restartedA = node("a");
        assertThat(restartedA.recoverInterrupted()).isEqualTo(2);
        assertThat(restartedA.get(ofA.id()).state()).isEqualTo(JobState.WAITING);
        assertThat(restartedA.get(unclaimed.id()).state()).isEqualTo(JobState.WAITING);
        assertThat(restartedA.get(ofB.id()).state()).isEqualTo(JobState.IN_PROGRESS);
        // A's own earlier claim does not keep the job from its restarted self.
        assertThat(restartedA.claim(clock.instant(), 10)).extracting(Job::id).contains(ofA.id());
    }

    @Test
    void aPersonsCancelWhileAnotherNodeDeliversIsKeptAndTheLeaseEndsWithTheAttempt() {
        Job job = dueJob("2.25.8");
        nodeA.claim(clock.instant(), 10);
        Job started = nodeA.start(job);
        nodeB.cancel(job.id(), "olga");
        Job after = nodeA.finish(started, List.of(), null);
        assertThat(after.state()).isEqualTo(JobState.CANCELLED);
        assertThat(after.attempts()).isEqualTo(1);
        assertThat(repo.leaseHolder(job.id(), clock.instant())).isEmpty();
    }

    @Test
    void aClaimedJobThatAPersonCancelledBeforeItStartedIsLetGo() {
        Job job = dueJob("2.25.9");
        nodeA.claim(clock.instant(), 10);
        nodeB.cancel(job.id(), "olga");
        assertThatThrownBy(() -> nodeA.start(job)).isInstanceOf(IllegalJobTransitionException.class);
        assertThat(repo.leaseHolder(job.id(), clock.instant())).isEmpty();
        assertThat(nodeA.renewLeases()).isEmpty();
    }

    @Test
    void leaseSettingsLeaveRoomForARenewalBeforeTheMargin() {
        assertThat(Leases.alone("a").renewEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> new Leases("a", Duration.ofSeconds(30), Duration.ofSeconds(15)))
                .hasMessageContaining("margin");
        assertThatThrownBy(() -> new Leases(" ", Duration.ofSeconds(30), Duration.ofSeconds(5)))
                .hasMessageContaining("zorgbrug.node.id");
    }
}

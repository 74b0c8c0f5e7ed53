package nl.zorgbrug.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class JobManagerTest {
    private final InMemoryJobRepository repo = new InMemoryJobRepository();
    private final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5), 3);
    private final JobManager manager = new JobManager(repo, policy, Clock.fixed(t0, ZoneOffset.UTC));

    private JobInstance instance(String uid) {
        return new JobInstance(0, uid, "1.2.840.10008.5.1.4.1.1.2", 1000, -1, false, false);
    }

    private Job twoInstanceJob() {
        manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.1"));
        return manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.2"));
    }

    @Test
    void instancesOfAStudyJoinOneJobAndAResendIsNotCountedTwice() {
        Job job = twoInstanceJob();
        manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.2"));
        assertThat(repo.instances(job.id())).hasSize(2);
        assertThat(repo.search(JobQuery.lastTwoWeeks(t0))).hasSize(1);
        Job other = manager.accept("2.25.1", "UMCY", Direction.EXPORT, "ACC1", instance("2.25.1.1"));
        assertThat(other.id()).isNotEqualTo(job.id());
    }

    @Test
    void doneOnlyWhenEveryInstanceIsAcknowledged() {
        Job job = manager.start(twoInstanceJob());
        List<JobInstance> all = repo.instances(job.id());
        Job partial = manager.finish(job, List.of(all.get(0).answered(0, true)), null);
        assertThat(partial.state()).isEqualTo(JobState.WAITING);
        Job done = manager.finish(manager.start(partial), List.of(all.get(1).answered(0, true)), null);
        assertThat(done.state()).isEqualTo(JobState.DONE);
    }

    @Test
    void aCompleteStudyIsDueAtOnceInsteadOfAfterTheQuietTime() {
        manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.1"), Duration.ofSeconds(30));
        Job waiting = manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.2"),
                Duration.ofSeconds(30));
        assertThat(repo.due(t0, 10)).isEmpty();
        Job due = manager.markComplete(waiting.id(), "2 of 2 announced instances received");
        assertThat(due.notBefore()).isEqualTo(t0);
        assertThat(repo.due(t0, 10)).extracting(Job::id).containsExactly(waiting.id());
        // A job waiting for a retry keeps its backoff: completeness is no reason to hammer a receiver that is down.
        Job retrying = manager.finish(manager.start(due), List.of(), Failure.ofStatus(0xA700));
        assertThat(manager.markComplete(retrying.id(), "again").notBefore()).isEqualTo(t0.plusSeconds(10));
    }

    @Test
    void aJobThatNeedsAPersonRaisesAnAlertAndATransientFailureDoesNot() {
        List<Job> alerts = new java.util.ArrayList<>();
        JobManager alerting = new JobManager(repo, policy, Clock.fixed(t0, ZoneOffset.UTC), Transactions.none(), alerts::add);
        alerting.accept("2.25.3", "UMCX", Direction.EXPORT, "ACC3", instance("2.25.3.1"));
        Job job = alerting.accept("2.25.4", "UMCX", Direction.EXPORT, "ACC4", instance("2.25.4.1"));
        Job retrying = alerting.finish(alerting.start(job), List.of(), Failure.ofStatus(0xA700));
        assertThat(retrying.state()).isEqualTo(JobState.WAITING);
        assertThat(alerts).isEmpty();
        Job failed = alerting.finish(alerting.start(retrying), List.of(), Failure.ofStatus(0xC000));
        assertThat(alerts).extracting(Job::id, Job::state).containsExactly(org.assertj.core.groups.Tuple.tuple(failed.id(),
                JobState.FAILED));
        Job other = repo.findOpen("2.25.3", "UMCX", Direction.EXPORT).orElseThrow();
        alerting.hold(other, "NO_VALIDATED_BSN: the MPI has no validated BSN");
        assertThat(alerts).extracting(Job::state).containsExactly(JobState.FAILED, JobState.HELD);
        assertThat(alerts.get(1).reason()).contains("NO_VALIDATED_BSN");
    }

    @Test
    void transientFailuresBackOffExponentiallyThenFail() {
        Job job = twoInstanceJob();
        Failure refused = Failure.ofStatus(0xA700);
        assertThat(refused.permanent()).isFalse();
        Job first = manager.finish(manager.start(job), List.of(), refused);
        assertThat(first.state()).isEqualTo(JobState.WAITING);
        assertThat(first.notBefore()).isEqualTo(t0.plusSeconds(10));
        Job second = manager.finish(manager.start(first), List.of(), refused);
        assertThat(second.notBefore()).isEqualTo(t0.plusSeconds(20));
        Job third = manager.finish(manager.start(second), List.of(), refused);
        assertThat(third.state()).isEqualTo(JobState.FAILED);
        assertThat(third.reason()).contains("gave up after 3 attempts");
    }

    @Test
    void permanentFailuresStopAtOnce() {
        for (int status : new int[] {0xA900, 0xC000, 0x0122}) {
            assertThat(Failure.ofStatus(status).permanent()).as("status %04X", status).isTrue();
        }
        Job failed = manager.finish(manager.start(twoInstanceJob()), List.of(), Failure.ofStatus(0xA900));
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.reason()).contains("0xA900");
    }

    @Test
    void connectionProblemsAreTransientAndRejectionsPermanent() {
        assertThat(Failure.ofException(new java.net.ConnectException("Connection refused")).permanent()).isFalse();
        assertThat(Failure.ofException(new java.net.SocketTimeoutException()).permanent()).isFalse();
        assertThat(Failure.ofException(new PermanentDeliveryException("calling AE title not recognised")).permanent())
                .isTrue();
    }

    @Test
    void peopleRetryCancelAndReleaseAndTheirActionsAreRecorded() {
        Job failed = manager.finish(manager.start(twoInstanceJob()), List.of(), Failure.ofStatus(0xC000));
        Job retried = manager.retry(failed.id(), "operator1");
        assertThat(retried.state()).isEqualTo(JobState.WAITING);
        assertThat(retried.reason()).isNull();
        Job held = manager.hold(manager.start(retried), "BSN in the sequence differs from the MPI");
        assertThatThrownBy(() -> manager.cancel(manager.release(held.id(), "operator1").id(), "operator2")
                .withState(JobState.WAITING, null, t0)).isInstanceOf(IllegalJobTransitionException.class);
        assertThat(repo.events()).hasSize(3).anyMatch(e -> e.contains("operator2 cancel"));
        assertThatThrownBy(() -> manager.retry(held.id(), "x")).hasMessageContaining("CANCELLED");
    }

    @Test
    void aStudyIsDueOnlyAfterTheQuietTimeAndADoneJobReopensForNewInstances() {
        Duration quiet = Duration.ofSeconds(30);
        Job job = manager.accept("2.25.5", "UMCX", Direction.EXPORT, "A", instance("2.25.5.1"), quiet);
        assertThat(job.notBefore()).isEqualTo(t0.plus(quiet));
        assertThat(repo.due(t0, 10)).isEmpty();
        assertThat(repo.due(t0.plus(quiet), 10)).extracting(Job::id).containsExactly(job.id());
        Job done = manager.finish(manager.start(job), List.of(repo.instances(job.id()).get(0).answered(0, true)), null);
        assertThat(done.state()).isEqualTo(JobState.DONE);
        // The same instance again: delivered once, the job stays DONE.
        assertThat(manager.accept("2.25.5", "UMCX", Direction.EXPORT, "A", instance("2.25.5.1"), quiet).state())
                .isEqualTo(JobState.DONE);
        // A new instance of the study reopens the job.
        Job reopened = manager.accept("2.25.5", "UMCX", Direction.EXPORT, "A", instance("2.25.5.2"), Duration.ZERO);
        assertThat(reopened.id()).isEqualTo(job.id());
        assertThat(reopened.state()).isEqualTo(JobState.WAITING);
        assertThat(repo.instances(job.id())).hasSize(2);
    }

    @Test
    void jobsInterruptedByARestartWaitAgain() {
        Job running = manager.start(twoInstanceJob());
        assertThat(manager.recoverInterrupted()).isEqualTo(1);
        Job recovered = repo.find(running.id()).orElseThrow();
        assertThat(recovered.state()).isEqualTo(JobState.WAITING);
        assertThat(recovered.reason()).contains("restart");
        assertThat(manager.recoverInterrupted()).isZero();
    }

    @Test
    void backoffNeverExceedsItsMaximum() {
        RetryPolicy p = new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5), 100);
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.delayAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(p.delayAfter(50)).isEqualTo(Duration.ofMinutes(5));
    }
}

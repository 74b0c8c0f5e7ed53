package nl.zorgbrug.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.GatewayEvent;

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

    private static JobInstance version(String uid, int version, String digest, String patient) {
        return new JobInstance(0, uid, "1.2.840.10008.5.1.4.1.1.2", 1000 + version, -1, false, false, version, digest,
                patient);
    }

    private static final String PATIENT_A = "aaaaaaaaaaaaaaaa:iiiiiiiiiiiiiiii:bbbbbbbbbbbbbbbb";
    private static final String PATIENT_B = "cccccccccccccccc:iiiiiiiiiiiiiiii:dddddddddddddddd";

    /** Issue 15: a byte-identical resend stays a harmless duplicate: nothing changes, nothing is recorded. */
    @Test
    void aByteIdenticalResendChangesNothing() {
        Job job = manager.accept("2.25.5", "UMCX", Direction.EXPORT, "ACC5", version("2.25.5.1", 1, "d1", PATIENT_A),
                Duration.ZERO, false);
        manager.finish(manager.start(job), List.of(repo.instances(job.id()).get(0).answered(0, true)), null);
        Job again = manager.accept("2.25.5", "UMCX", Direction.EXPORT, "ACC5", version("2.25.5.1", 1, "d1", PATIENT_A),
                Duration.ZERO, false);
        assertThat(again.state()).isEqualTo(JobState.DONE);
        assertThat(repo.instances(job.id())).singleElement().satisfies(i -> assertThat(i.acknowledged()).isTrue());
        assertThat(repo.events()).noneMatch(e -> e.contains("corrected"));
    }

    /**
     * Issue 15: a corrected object (same SOP Instance UID, other content) after the first version was delivered:
     * the job's instance points at the new version and is sent again; the history and the events say so.
     */
    @Test
    void aCorrectionOfADeliveredInstanceIsDeliveredAgain() {
        List<GatewayEvent> told = new java.util.ArrayList<>();
        EventHub hub = EventHub.inMemory(Transactions.none());
        hub.subscribe(told::add);
        JobManager withEvents = new JobManager(repo, policy, Clock.fixed(t0, ZoneOffset.UTC), Transactions.none(),
                JobAlerts.logged(), hub);
        Job job = withEvents.accept("2.25.6", "UMCX", Direction.EXPORT, "ACC6", version("2.25.6.1", 1, "d1", PATIENT_A),
                Duration.ZERO, false);
        Job started = withEvents.start(job);
        JobInstance sent = repo.instances(job.id()).get(0).onTheWire();
        Job done = withEvents.finish(started, List.of(sent.answered(0, true)), null);
        assertThat(done.state()).isEqualTo(JobState.DONE);

        Job reopened = withEvents.accept("2.25.6", "UMCX", Direction.EXPORT, "ACC6",
                version("2.25.6.1", 2, "d2", PATIENT_A), Duration.ZERO, false);
        assertThat(reopened.state()).isEqualTo(JobState.WAITING);
        assertThat(repo.due(t0, 10)).extracting(Job::id).containsExactly(job.id());
        assertThat(repo.instances(job.id())).singleElement().satisfies(i -> {
            assertThat(i.version()).isEqualTo(2);
            assertThat(i.digest()).isEqualTo("d2");
            assertThat(i.acknowledged()).isFalse();
            assertThat(i.status()).isEqualTo(JobInstance.NOT_SENT);
        });
        assertThat(repo.events()).anyMatch(e -> e.contains("corrected") && e.contains("sent again with other content")
                && e.contains("delivered again"));
        assertThat(told).filteredOn(GatewayEvent.InstanceCorrected.class::isInstance)
                .singleElement().isEqualTo(new GatewayEvent.InstanceCorrected(job.id(), "UMCX", Direction.EXPORT,
                        "2.25.6", "2.25.6.1", 1, 2, true, null, t0));

        // An answer for version 1 still on its way does not acknowledge version 2.
        repo.updateInstance(sent.answered(0, true));
        assertThat(repo.unacknowledged(job.id())).singleElement()
                .satisfies(i -> assertThat(i.version()).isEqualTo(2));
    }

    /** Issue 15: a correction that names another patient holds the job for a person, saying why. */
    @Test
    void aCorrectionWithAnotherPatientHoldsTheJob() {
        List<Job> alerts = new java.util.ArrayList<>();
        JobManager alerting = new JobManager(repo, policy, Clock.fixed(t0, ZoneOffset.UTC), Transactions.none(),
                alerts::add);
        Job job = alerting.accept("2.25.7", "UMCX", Direction.EXPORT, "ACC7", version("2.25.7.1", 1, "d1", PATIENT_A),
                Duration.ofSeconds(30), false);
        Job held = alerting.accept("2.25.7", "UMCX", Direction.EXPORT, "ACC7", version("2.25.7.1", 2, "d2", PATIENT_B),
                Duration.ofSeconds(30), false);
        assertThat(held.id()).isEqualTo(job.id());
        assertThat(held.state()).isEqualTo(JobState.HELD);
        assertThat(held.reason()).contains("PATIENT_CHANGED_BY_CORRECTION").contains("Patient ID, BSN")
                .contains("andere patiënt").doesNotContain("ISSUER");
        assertThat(alerts).extracting(Job::id).containsExactly(job.id());
        assertThat(repo.instances(job.id())).singleElement().satisfies(i -> assertThat(i.version()).isEqualTo(2));

        // The delivery that was under way when it was held finishes without undoing the hold.
        Job other = alerting.accept("2.25.8", "UMCX", Direction.EXPORT, "ACC8", version("2.25.8.1", 1, "e1", PATIENT_A),
                Duration.ZERO, false);
        Job inProgress = alerting.start(other);
        alerting.accept("2.25.8", "UMCX", Direction.EXPORT, "ACC8", version("2.25.8.1", 2, "e2", PATIENT_B),
                Duration.ZERO, false);
        Job after = alerting.finish(inProgress, List.of(), null);
        assertThat(after.state()).isEqualTo(JobState.HELD);
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

    /**
     * A person sends a delivered study again (the receiver lost it; a second download link): every instance goes again.
     * Before, the reopened job found nothing unacknowledged, was DONE at once, and nothing left.
     */
    @Test
    void sendingADeliveredStudyAgainSendsEveryInstanceAgain() {
        Job job = twoInstanceJob();
        List<JobInstance> sent = repo.instances(job.id()).stream().map(i -> i.answered(0, true)).toList();
        assertThat(manager.finish(manager.start(job), sent, null).state()).isEqualTo(JobState.DONE);
        assertThat(repo.unacknowledged(job.id())).isEmpty();

        Job again = manager.announce("2.25.1", "UMCX", Direction.EXPORT, null, "second opinion", "olga");
        assertThat(again.id()).isEqualTo(job.id());
        assertThat(again.state()).isEqualTo(JobState.WAITING);
        assertThat(again.attempts()).as("a new send, with its own retry budget").isZero();
        assertThat(repo.unacknowledged(job.id())).extracting(JobInstance::sopInstanceUid)
                .containsExactlyInAnyOrder("2.25.1.1", "2.25.1.2");
        assertThat(repo.events()).anyMatch(e -> e.contains("2 instance(s) delivered before go again"));

        // The PACS's byte-identical copies arrive: still the job's two instances, to be sent, not duplicates; due
        // after the quiet time from now, not the announcement's ten minutes.
        Job arrived = manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.1"),
                Duration.ofSeconds(5));
        assertThat(repo.instances(job.id())).hasSize(2).noneMatch(JobInstance::acknowledged);
        assertThat(arrived.notBefore()).isEqualTo(t0.plusSeconds(5));
        // The PACS said how many it sends: due at once, as on the first send.
        assertThat(manager.markComplete(job.id(), "2 of 2 in").notBefore()).isEqualTo(t0);

        // A job that is not DONE keeps what it has: an announcement while instances wait sends nothing twice.
        Job fresh = manager.accept("2.25.2", "UMCX", Direction.EXPORT, "ACC2", instance("2.25.2.1"));
        manager.finish(manager.start(fresh), List.of(), Failure.ofStatus(0xA700));
        manager.announce("2.25.2", "UMCX", Direction.EXPORT, null, null, "olga");
        assertThat(repo.events()).noneMatch(e -> e.contains("job " + fresh.id() + " ") && e.contains("go again"));
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
        Job after = manager.markComplete(retrying.id(), "again");
        assertThat(after.state()).isEqualTo(JobState.FAILED);
        assertThat(after.retryAt()).isEqualTo(t0.plusSeconds(10));
        assertThat(repo.due(t0.plusSeconds(9), 10)).isEmpty();
    }

    @Test
    void aJobThatNeedsAPersonRaisesAnAlertAndATransientFailureDoesNot() {
        List<Job> alerts = new java.util.ArrayList<>();
        JobManager alerting = new JobManager(repo, policy, Clock.fixed(t0, ZoneOffset.UTC), Transactions.none(), alerts::add);
        alerting.accept("2.25.3", "UMCX", Direction.EXPORT, "ACC3", instance("2.25.3.1"));
        Job job = alerting.accept("2.25.4", "UMCX", Direction.EXPORT, "ACC4", instance("2.25.4.1"));
        Job retrying = alerting.finish(alerting.start(job), List.of(), Failure.ofStatus(0xA700));
        assertThat(retrying.state()).isEqualTo(JobState.FAILED);
        assertThat(retrying.retryAt()).isNotNull();
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
    void aTransientFailureIsFailedWithAnAutomaticRetryThatTheSchedulerTakesWhenDue() {
        List<Job> alerts = new java.util.ArrayList<>();
        MutableClock clock = new MutableClock(t0);
        JobManager manager = new JobManager(repo, policy, clock, Transactions.none(), alerts::add);
        manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.1"));
        Job job = manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.2"));
        Failure refused = Failure.ofException(new java.net.ConnectException("Connection refused"));
        assertThat(refused.permanent()).isFalse();

        Job first = manager.finish(manager.start(job), List.of(), refused);
        assertThat(first.state()).isEqualTo(JobState.FAILED);
        assertThat(first.retryAt()).isEqualTo(t0.plusSeconds(10));
        assertThat(first.reason()).isEqualTo("cannot connect to the receiver (Connection refused)"
                + " — automatic retry 1 of 2 at 10:00:10 UTC");
        assertThat(repo.find(job.id())).contains(first);
        assertThat(alerts).as("a failure expected to heal needs no person").isEmpty();
        // Not before its time; then taken exactly like a WAITING job that is due.
        assertThat(repo.due(t0.plusSeconds(9), 10)).isEmpty();
        clock.set(t0.plusSeconds(10));
        List<Job> due = repo.due(clock.instant(), 10);
        assertThat(due).extracting(Job::id).containsExactly(job.id());
        // The delivery is handed the job with the previous attempt's reason (it knows an attempt came before).
        assertThat(due.get(0).reason()).startsWith("cannot connect");
        Job running = manager.start(due.get(0));
        assertThat(running.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(running.retryAt()).isNull();
        assertThat(running.reason()).isNull();
        assertThat(repo.events()).anyMatch(e -> e.contains("system auto-retry FAILED -> IN_PROGRESS, attempt 2 of 3"));

        // The backoff doubles; the destination is back: DONE, nothing left unacknowledged.
        Job second = manager.finish(running, List.of(), Failure.ofStatus(0xA700));
        assertThat(second.state()).isEqualTo(JobState.FAILED);
        assertThat(second.retryAt()).isEqualTo(t0.plusSeconds(30));
        assertThat(second.reason()).isEqualTo("the receiver is out of resources (0xA700)"
                + " — automatic retry 2 of 2 at 10:00:30 UTC");
        clock.set(t0.plusSeconds(30));
        Job third = manager.start(repo.due(clock.instant(), 10).get(0));
        Job done = manager.finish(third, repo.instances(job.id()).stream().map(i -> i.answered(0, true)).toList(), null);
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.retryAt()).isNull();
        assertThat(repo.unacknowledged(job.id())).isEmpty();
        assertThat(alerts).isEmpty();
    }

    @Test
    void transientFailuresBackOffExponentiallyThenFailForGoodWithAnAlert() {
        List<Job> alerts = new java.util.ArrayList<>();
        JobManager manager = new JobManager(repo, policy, Clock.fixed(t0, ZoneOffset.UTC), Transactions.none(), alerts::add);
        manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.1"));
        Failure refused = Failure.ofStatus(0xA700);
        Job first = manager.finish(manager.start(repo.findOpen("2.25.1", "UMCX", Direction.EXPORT).orElseThrow()),
                List.of(), refused);
        assertThat(first.retryAt()).isEqualTo(t0.plusSeconds(10));
        Job second = manager.finish(manager.start(first), List.of(), refused);
        assertThat(second.retryAt()).isEqualTo(t0.plusSeconds(20));
        assertThat(alerts).isEmpty();
        Job third = manager.finish(manager.start(second), List.of(), refused);
        assertThat(third.state()).isEqualTo(JobState.FAILED);
        assertThat(third.retryAt()).as("out of attempts: no automatic retry pending").isNull();
        assertThat(third.reason()).isEqualTo("the receiver is out of resources (0xA700) — gave up after 3 attempts");
        assertThat(alerts).extracting(Job::id, Job::retryAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(third.id(), null));
        assertThat(repo.due(t0.plus(Duration.ofDays(1)), 10)).isEmpty();
        // A FAILED job without an automatic retry pending is moved on only by a person.
        assertThatThrownBy(() -> manager.start(third)).isInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining("no automatic retry is pending");
    }

    @Test
    void permanentFailuresStopAtOnceWithAnAlertAndNoAutomaticRetry() {
        for (int status : new int[] {0xA900, 0xC000, 0x0122}) {
            assertThat(Failure.ofStatus(status).permanent()).as("status %04X", status).isTrue();
        }
        List<Job> alerts = new java.util.ArrayList<>();
        JobManager manager = new JobManager(repo, policy, Clock.fixed(t0, ZoneOffset.UTC), Transactions.none(), alerts::add);
        manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.1"));
        Job job = repo.findOpen("2.25.1", "UMCX", Direction.EXPORT).orElseThrow();
        Job failed = manager.finish(manager.start(job), List.of(), Failure.ofStatus(0xA900));
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.reason()).contains("0xA900").doesNotContain("automatic retry");
        assertThat(failed.retryAt()).isNull();
        assertThat(alerts).extracting(Job::id).containsExactly(failed.id());
        assertThat(repo.due(t0.plus(Duration.ofDays(1)), 10)).isEmpty();
        Job rejected = manager.finish(manager.start(manager.retry(failed.id(), "operator1")), List.of(),
                Failure.ofException(new PermanentDeliveryException("calling AE title ZORGBRUG not recognised by UMCX")));
        assertThat(rejected.retryAt()).isNull();
        assertThat(alerts).hasSize(2);
    }

    @Test
    void aPersonsRetryOrCancelDropsThePendingAutomaticRetry() {
        Job failed = manager.finish(manager.start(twoInstanceJob()), List.of(), Failure.ofStatus(0xA700));
        assertThat(failed.retryAt()).isEqualTo(t0.plusSeconds(10));
        Job retried = manager.retry(failed.id(), "operator1");
        assertThat(retried.state()).isEqualTo(JobState.WAITING);
        assertThat(retried.retryAt()).isNull();
        assertThat(retried.notBefore()).as("due now, not after the backoff").isEqualTo(t0);
        // The delivery is handed a reason: an attempt came before. The note of the dropped retry is not kept.
        assertThat(retried.reason()).isEqualTo("retried by operator1 after: the receiver is out of resources (0xA700)");
        assertThat(repo.due(t0, 10)).extracting(Job::id, Job::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(retried.id(), JobState.WAITING));

        Job again = manager.finish(manager.start(retried), List.of(), Failure.ofStatus(0xA700));
        assertThat(again.retryAt()).isNotNull();
        Job cancelled = manager.cancel(again.id(), "operator2");
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.retryAt()).isNull();
        assertThat(repo.find(again.id()).orElseThrow().retryAt()).isNull();
        assertThat(repo.due(t0.plus(Duration.ofDays(1)), 10)).isEmpty();
        assertThat(repo.events()).anyMatch(e -> e.contains("operator1 retry FAILED -> WAITING"))
                .anyMatch(e -> e.contains("operator2 cancel FAILED -> CANCELLED"));
    }

    @Test
    void aReleasedJobSaysWhoReleasedItAfterWhat() {
        Job held = manager.hold(manager.start(twoInstanceJob()), "NO_VALIDATED_BSN: the MPI has no validated BSN");
        Job released = manager.release(held.id(), "operator1");
        assertThat(released.state()).isEqualTo(JobState.WAITING);
        assertThat(released.reason()).isEqualTo("released by operator1 after: NO_VALIDATED_BSN: the MPI has no validated BSN");
        assertThat(manager.start(released).reason()).isNull();
    }

    @Test
    void onlyAFailedJobCarriesAnAutomaticRetry() {
        Job failed = manager.finish(manager.start(twoInstanceJob()), List.of(), Failure.ofStatus(0xA700));
        Job copy = new Job(failed.id(), failed.studyInstanceUid(), failed.destination(), failed.direction(),
                JobState.WAITING, failed.reason(), failed.accessionNumber(), failed.bsnVerdict(), failed.remark(),
                failed.referralReason(), failed.attempts(), failed.notBefore(), failed.retryAt(), failed.created(),
                failed.updated());
        assertThat(copy.retryAt()).isNull();
        // A new instance of the study joins the failed job, which keeps its retry (the retry sends it too).
        Job joined = manager.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.3"));
        assertThat(joined.state()).isEqualTo(JobState.FAILED);
        assertThat(joined.retryAt()).isEqualTo(t0.plusSeconds(10));
        assertThat(repo.instances(failed.id())).hasSize(3);
    }

    /** A clock a test moves on. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant to) {
            now = to;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
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
        assertThat(retried.reason()).startsWith("retried by operator1 after: the receiver cannot understand");
        Job held = manager.hold(manager.start(retried), "BSN in the sequence differs from the MPI");
        assertThatThrownBy(() -> manager.cancel(manager.release(held.id(), "operator1").id(), "operator2")
                .withState(JobState.WAITING, null, t0)).isInstanceOf(IllegalJobTransitionException.class);
        assertThat(repo.events()).filteredOn(e -> !e.contains(" system ")).hasSize(3)
                .anyMatch(e -> e.contains("operator2 cancel"));
        // Issue 15: the automatic steps are in the history too, a person's action once (not again as a state change).
        assertThat(repo.events()).filteredOn(e -> e.contains("job " + failed.id() + " system "))
                .extracting(e -> e.substring(e.indexOf(" system ") + 8).split(" ")[0])
                .containsExactly("opened", "attempt", "failed", "attempt", "held");
        assertThat(repo.events()).filteredOn(e -> e.contains(" system failed ")).singleElement()
                .satisfies(e -> assertThat(e).contains("IN_PROGRESS -> FAILED: the receiver cannot understand"));
        assertThatThrownBy(() -> manager.retry(held.id(), "x")).hasMessageContaining("CANCELLED");
    }

    @Test
    void aRetryOfADoneJobIsRefusedWithWhatItWouldDo() {
        Job job = twoInstanceJob();
        List<JobInstance> acknowledged = repo.instances(job.id()).stream().map(i -> i.answered(0, true)).toList();
        Job done = manager.finish(manager.start(job), acknowledged, null);
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThatThrownBy(() -> manager.retry(done.id(), "operator1"))
                .isInstanceOf(IllegalJobTransitionException.class)
                .hasMessageContaining("a retry would send nothing").hasMessageContaining("Send study");
        assertThat(manager.get(done.id()).state()).isEqualTo(JobState.DONE);
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

    @Test
    void everyChangeOfStateEveryDeliveryAndEveryPersonsActionIsPublished() {
        Transactions transactions = Transactions.none();
        EventHub events = EventHub.inMemory(transactions);
        List<GatewayEvent> heard = new java.util.ArrayList<>();
        events.subscribe(heard::add);
        JobManager published = new JobManager(repo, policy, Clock.fixed(t0, ZoneOffset.UTC), transactions, job -> { },
                events);
        published.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.1"));
        Job job = published.start(published.accept("2.25.1", "UMCX", Direction.EXPORT, "ACC1", instance("2.25.1.2")));
        JobInstance first = repo.instances(job.id()).get(0);
        published.finish(job, List.of(first.answered(0, true)), new Failure(true, "the receiver refused"));
        published.retry(job.id(), "olga");

        assertThat(heard).containsExactly(
                new GatewayEvent.JobStateChanged(job.id(), "UMCX", Direction.EXPORT, null, JobState.WAITING, null, t0),
                new GatewayEvent.JobStateChanged(job.id(), "UMCX", Direction.EXPORT, JobState.WAITING,
                        JobState.IN_PROGRESS, null, t0),
                new GatewayEvent.Delivered(job.id(), "UMCX", Direction.EXPORT, 1, t0),
                new GatewayEvent.JobStateChanged(job.id(), "UMCX", Direction.EXPORT, JobState.IN_PROGRESS,
                        JobState.FAILED, "the receiver refused", t0),
                new GatewayEvent.JobStateChanged(job.id(), "UMCX", Direction.EXPORT, JobState.FAILED, JobState.WAITING,
                        "retried by olga after: the receiver refused", t0),
                new GatewayEvent.PersonAction("olga", "retry", "FAILED -> WAITING", job.id(), "2.25.1", t0));
    }
}

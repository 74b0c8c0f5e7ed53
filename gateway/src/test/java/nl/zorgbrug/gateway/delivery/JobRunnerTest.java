package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;

/**
 * A delivery that breaks off with an exception (seen in CI: the disk full, the database refusing the outcome) must not
 * leave its job IN_PROGRESS until a restart: the runner puts it back once the database takes the change again.
 */
class JobRunnerTest {
    private final InMemoryJobRepository repo = new InMemoryJobRepository();
    private final JobManager manager = new JobManager(repo, RetryPolicy.DEFAULT, Clock.systemUTC());

    @Test
    void aDeliveryThatBrokeOffIsPutBackOnceThatCanBeRecordedAndThenDelivered() throws Exception {
        Job job = manager.accept("2.25.77", "umcx", Direction.EXPORT, "ACC77",
                new JobInstance(0, "2.25.77.1", "1.2.840.10008.5.1.4.1.1.2", 1000, -1, false, false));
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger putBackTries = new AtomicInteger();
        JobRunner.Deliveries deliveries = new JobRunner.Deliveries() {
            @Override
            public Job deliver(Job due) {
                Job started = manager.start(due);
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("the database refused the outcome: disk full");
                }
                return manager.finish(started, List.of(repo.instances(started.id()).get(0).answered(0, true)), null);
            }

            @Override
            public void returnBrokenOff(long jobId, String why) {
                if (putBackTries.incrementAndGet() < 3) {
                    throw new IllegalStateException("database still unwritable");
                }
                manager.returnBrokenOff(jobId, why);
            }
        };
        try (JobRunner runner = new JobRunner(repo, deliveries, Clock.systemUTC(), Duration.ofMillis(20), 1).start()) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && manager.get(job.id()).state() != JobState.DONE) {
                Thread.sleep(20);
            }
        }
        assertThat(manager.get(job.id()).state()).isEqualTo(JobState.DONE);
        assertThat(attempts).hasValue(2);
        assertThat(putBackTries).as("tried again at each look until the change was taken").hasValue(3);
        assertThat(repo.events()).anyMatch(e -> e.contains("the delivery broke off (the database refused the outcome"));
    }

    @Test
    void aJobThatMovedOnOrAwaitsACommitmentReportIsNotPutBack() {
        Job job = manager.accept("2.25.78", "umcx", Direction.EXPORT, "ACC78",
                new JobInstance(0, "2.25.78.1", "1.2.840.10008.5.1.4.1.1.2", 1000, -1, false, false));
        Job started = manager.start(job);
        manager.inProgress(started, "waiting for the storage commitment report of transaction 2.25.9");
        manager.returnBrokenOff(job.id(), "late exception");
        assertThat(manager.get(job.id()).state()).isEqualTo(JobState.IN_PROGRESS);

        manager.finish(manager.get(job.id()), List.of(), null);
        JobState after = manager.get(job.id()).state();
        manager.returnBrokenOff(job.id(), "late exception");
        assertThat(manager.get(job.id()).state()).isEqualTo(after);
    }

    /**
     * Seen in DatabaseFailoverTest: while the database was down a delivery lost its lease; once it came back this node
     * claimed the job again before that delivery had ended. The new claim must be delivered when the old delivery
     * ends, not dropped: dropped, the job stayed IN_PROGRESS under this node's renewed lease and nobody delivered it.
     */
    @Test
    void aJobClaimedAgainWhileAnEarlierDeliveryOfItStillRunsIsDeliveredWhenThatEnds() throws Exception {
        Job job = manager.accept("2.25.79", "umcx", Direction.EXPORT, "ACC79",
                new JobInstance(0, "2.25.79.1", "1.2.840.10008.5.1.4.1.1.2", 1000, -1, false, false));
        java.util.concurrent.CountDownLatch firstRuns = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch claimedAgain = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger takes = new AtomicInteger();
        List<String> deliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
        JobRunner.Deliveries fake = new JobRunner.Deliveries() {
            @Override
            public List<Job> take(nl.zorgbrug.gateway.job.JobRepository jobs, java.time.Instant now, int limit) {
                if (takes.get() == 0 || firstRuns.getCount() == 0 && claimedAgain.getCount() == 1) {
                    if (takes.incrementAndGet() == 2) {
                        claimedAgain.countDown();
                    }
                    return List.of(job);
                }
                return List.of();
            }

            @Override
            public Job deliver(Job due) {
                deliveries.add("started");
                if (deliveries.size() == 1) {
                    firstRuns.countDown();
                    try {
                        // Still running (stuck on the database that is down) when the job is claimed again.
                        claimedAgain.await();
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new nl.zorgbrug.gateway.job.LeaseLostException(due.id(), "local", "a renewal");
                }
                return due;
            }

            @Override
            public void returnBrokenOff(long jobId, String why) {
            }
        };
        try (JobRunner runner = new JobRunner(repo, fake, Clock.systemUTC(), Duration.ofMillis(20), 2).start()) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && deliveries.size() < 2) {
                Thread.sleep(20);
            }
        }
        assertThat(takes).as("claimed twice").hasValue(2);
        assertThat(deliveries).as("the second claim delivered after the first delivery ended").hasSize(2);
    }
}

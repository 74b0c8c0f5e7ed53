package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobRepository;

/**
 * Issue 22: the runner's drain. Deliveries still running when the finishing time is up are asked to hand back; then
 * the jobs waiting for a report or receipt are handed back, leaving out those whose delivery still runs (a whole-study
 * request that did not stop in time), which pass to another node with their lease.
 */
class JobRunnerDrainTest {

    @Test
    void afterTheDeliveriesTheWaitingJobsAreHandedBackSaveThoseStillBeingDelivered() throws Exception {
        Instant now = Instant.now();
        Job stops = Job.open("2.25.2291", "umcx", Direction.EXPORT, null, null, null, now).withId(1);
        Job runsOn = Job.open("2.25.2292", "umcx", Direction.EXPORT, null, null, null, now).withId(2);
        AtomicBoolean handingBack = new AtomicBoolean();
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<Set<Long>> waitingHandedBack = new CopyOnWriteArrayList<>();
        AtomicBoolean taken = new AtomicBoolean();
        JobRunner.Deliveries deliveries = new JobRunner.Deliveries() {
            @Override
            public Job deliver(Job due) {
                bothRunning.countDown();
                try {
                    if (due.id() == stops.id()) {
                        // Stops between two instances once asked.
                        while (!handingBack.get()) {
                            Thread.sleep(5);
                        }
                    } else {
                        // A request that does not end within the drain.
                        release.await(20, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return due;
            }

            @Override
            public void returnBrokenOff(long jobId, String why) {
            }

            @Override
            public List<Job> take(JobRepository jobs, Instant at, int limit) {
                return taken.getAndSet(true) ? List.of() : List.of(stops, runsOn);
            }

            @Override
            public void handBack() {
                handingBack.set(true);
            }

            @Override
            public void handBackWaiting(Set<Long> delivering) {
                waitingHandedBack.add(delivering);
            }
        };
        JobRunner runner = new JobRunner(new InMemoryJobRepository(), deliveries, Clock.systemUTC(),
                Duration.ofMillis(50), 2).start();
        try {
            assertThat(bothRunning.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(runner.drain(Duration.ofMillis(100), Duration.ofMillis(500))).as("still running").isEqualTo(1);
            assertThat(handingBack).isTrue();
            assertThat(waitingHandedBack).containsExactly(Set.of(runsOn.id()));
        } finally {
            release.countDown();
            runner.close();
        }
    }

    @Test
    void aDrainWithNothingRunningHandsBackTheWaitingJobsAtOnce() throws Exception {
        List<Set<Long>> waitingHandedBack = new CopyOnWriteArrayList<>();
        AtomicBoolean askedToStop = new AtomicBoolean();
        JobRunner.Deliveries deliveries = new JobRunner.Deliveries() {
            @Override
            public Job deliver(Job due) {
                return due;
            }

            @Override
            public void returnBrokenOff(long jobId, String why) {
            }

            @Override
            public void handBack() {
                askedToStop.set(true);
            }

            @Override
            public void handBackWaiting(Set<Long> delivering) {
                waitingHandedBack.add(delivering);
            }
        };
        JobRunner runner = new JobRunner(new InMemoryJobRepository(), deliveries, Clock.systemUTC(),
                Duration.ofMillis(50), 2).start();
        try {
            long t0 = System.nanoTime();
            assertThat(runner.drain(Duration.ofSeconds(10), Duration.ofSeconds(10))).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(askedToStop).as("no delivery ran, none was asked to stop").isFalse();
            assertThat(waitingHandedBack).containsExactly(Set.of());
        } finally {
            runner.close();
        }
    }
}

package nl.zorgbrug.dicom.net.assoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The write timeout's guard (ReleaseAndLimitsTest has a peer that stops reading, end to end). */
class WriteWatchdogTest {
    private final WriteWatchdog watchdog = new WriteWatchdog();

    @AfterEach
    void stop() {
        watchdog.shutdown();
    }

    @Test
    void aWriteBlockedForTheTimeoutIsCaughtAtItsDeadline() throws Exception {
        CountDownLatch caught = new CountDownLatch(1);
        WriteWatchdog.Guard guard = watchdog.guard(caught::countDown, 200);
        long start = System.nanoTime();
        guard.started();
        assertThat(caught.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(190L, 2_000L);
    }

    /**
     * Issue 22: writes that end in time never fire it, however many, and cost no timer task each: the node forwards
     * five PDUs per image, and a task scheduled and cancelled per PDU woke the timer thread twice for each.
     */
    @Test
    void writesThatEndInTimeNeverFireItAndScheduleAboutOneLookPerTimeout() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        WriteWatchdog.Guard guard = watchdog.guard(fired::incrementAndGet, 100);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        int writes = 0;
        while (System.nanoTime() < until) {
            guard.started();
            if (writes % 1000 == 0) {
                Thread.sleep(1);
            }
            guard.ended();
            writes++;
        }
        Thread.sleep(300);
        assertThat(fired).hasValue(0);
        assertThat(writes).isGreaterThan(1000);
        // About one look per 100 ms over 800 ms, however many writes: far fewer than the writes.
        assertThat(watchdog.tasksScheduled()).isLessThanOrEqualTo(20);
    }

    @Test
    void aWriteThatStartsLongAfterTheLastEndedIsStillCaught() throws Exception {
        CountDownLatch caught = new CountDownLatch(1);
        WriteWatchdog.Guard guard = watchdog.guard(caught::countDown, 100);
        guard.started();
        guard.ended();
        Thread.sleep(350);   // the look found nothing in progress and ended
        guard.started();
        assertThat(caught.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aClosedAssociationIsNoLongerLookedAt() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        WriteWatchdog.Guard guard = watchdog.guard(fired::incrementAndGet, 100);
        guard.started();
        guard.close();
        Thread.sleep(400);
        assertThat(fired).hasValue(0);
    }

    @Test
    void aTimeoutOfZeroIsOff() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        WriteWatchdog.Guard guard = watchdog.guard(fired::incrementAndGet, 0);
        guard.started();
        Thread.sleep(200);
        assertThat(fired).hasValue(0);
        assertThat(watchdog.tasksScheduled()).isZero();
    }
}

package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ArrivalsTest {

    /** A delivery of job 1 to umcx that has sent everything and lingers for up to 5 s, in the background. */
    private static CompletableFuture<Boolean> lingering(Arrivals arrivals, long seen) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return arrivals.awaitAfter(1, "umcx", seen, 5_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aLingeringDeliveryWakesForItsOwnJobOnly() throws Exception {
        Arrivals arrivals = new Arrivals();
        long seen = arrivals.version();
        CompletableFuture<Boolean> waiting = lingering(arrivals, seen);
        Thread.sleep(100);
        arrivals.arrived(2, "mmc");
        Thread.sleep(200);
        assertThat(waiting).as("an instance of another job, to another destination, arrived").isNotDone();
        arrivals.arrived(1, "umcx");
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anArrivalBetweenLookingForWorkAndWaitingIsNotMissed() throws Exception {
        Arrivals arrivals = new Arrivals();
        long seen = arrivals.version();
        arrivals.arrived(7, "umcx");
        long t = System.nanoTime();
        assertThat(arrivals.awaitAfter(7, "umcx", seen, 5_000)).isTrue();
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(1_000);
        assertThat(arrivals.awaitAfter(7, "umcx", arrivals.version(), 50)).as("nothing new since").isFalse();
    }

    @Test
    void withNoArrivalTheWaitEndsAfterTheLinger() throws Exception {
        Arrivals arrivals = new Arrivals();
        arrivals.arrived(3, "umcx");
        long t = System.nanoTime();
        assertThat(arrivals.awaitAfter(4, "umcx", arrivals.version(), 150)).isFalse();
        assertThat((System.nanoTime() - t) / 1_000_000).isBetween(140L, 2_000L);
    }

    @Test
    void anotherStudyForTheSameDestinationEndsTheLingerSoItsDeliveryCanConnect() throws Exception {
        Arrivals arrivals = new Arrivals();
        arrivals.arrived(1, "umcx");
        long seen = arrivals.version();
        CompletableFuture<Boolean> waiting = lingering(arrivals, seen);
        Thread.sleep(100);
        long t = System.nanoTime();
        arrivals.arrived(2, "umcx");
        assertThat(waiting.get(2, TimeUnit.SECONDS)).as("released, not woken for more work").isFalse();
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void anotherStudyWhoseDeliveryHasAnAssociationOfItsOwnDoesNotEndTheLinger() throws Exception {
        Arrivals arrivals = new Arrivals();
        arrivals.arrived(1, "umcx");
        arrivals.connected(2, "umcx");
        long seen = arrivals.version();
        CompletableFuture<Boolean> waiting = lingering(arrivals, seen);
        Thread.sleep(100);
        arrivals.arrived(2, "umcx");
        Thread.sleep(300);
        assertThat(waiting).as("job 2's delivery sends its own instance on its own association").isNotDone();
        arrivals.arrived(1, "umcx");
        assertThat(waiting.get(2, TimeUnit.SECONDS)).as("woken for its own next instance").isTrue();
    }

    @Test
    void whenTheOtherDeliveryClosesItsAssociationWithItsInstancePendingTheLingerEnds() throws Exception {
        Arrivals arrivals = new Arrivals();
        arrivals.connected(2, "umcx");
        long seen = arrivals.version();
        CompletableFuture<Boolean> waiting = lingering(arrivals, seen);
        arrivals.arrived(2, "umcx");
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        long t = System.nanoTime();
        arrivals.disconnected(2, "umcx");
        assertThat(waiting.get(2, TimeUnit.SECONDS)).as("released: job 2's next delivery needs an association").isFalse();
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(1_000);
    }
}

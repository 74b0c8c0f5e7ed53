package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void aLingeringDeliveryWakesForItsOwnJobOnly() throws Exception {
        Arrivals arrivals = new Arrivals();
        long seen = arrivals.version();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return arrivals.awaitAfter(1, seen, 5_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        arrivals.arrived(2);
        Thread.sleep(200);
        assertThat(waiting).as("an instance of another job arrived").isNotDone();
        arrivals.arrived(1);
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anArrivalBetweenLookingForWorkAndWaitingIsNotMissed() throws Exception {
        Arrivals arrivals = new Arrivals();
        long seen = arrivals.version();
        arrivals.arrived(7);
        long t = System.nanoTime();
        assertThat(arrivals.awaitAfter(7, seen, 5_000)).isTrue();
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(1_000);
        assertThat(arrivals.awaitAfter(7, arrivals.version(), 50)).as("nothing new since").isFalse();
    }

    @Test
    void withNoArrivalTheWaitEndsAfterTheLinger() throws Exception {
        Arrivals arrivals = new Arrivals();
        arrivals.arrived(3);
        long t = System.nanoTime();
        assertThat(arrivals.awaitAfter(4, arrivals.version(), 150)).isFalse();
        assertThat((System.nanoTime() - t) / 1_000_000).isBetween(140L, 2_000L);
    }
}

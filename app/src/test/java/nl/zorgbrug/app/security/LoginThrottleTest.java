package nl.zorgbrug.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The lock-out after failed logins (issue 15), on a clock the test moves. */
class LoginThrottleTest {
    private static final LoginProperties SETTINGS = new LoginProperties(3, 5, Duration.ofMinutes(15));

    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-06T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final LoginThrottle throttle = new LoginThrottle(SETTINGS, clock);

    @Test
    void aUserNameIsLockedOutAfterTheMostFailuresUntilTheLockOutHasPassedSinceTheLast() {
        for (int i = 1; i < SETTINGS.maxFailures(); i++) {
            assertThat(throttle.failed("olga", "10.0.0." + i).userFailures()).isEqualTo(i);
            assertThat(throttle.lockedUntil("olga", "10.0.0.99")).isEmpty();
        }
        throttle.failed("olga", "10.0.0.9");
        Instant last = clock.now;
        assertThat(throttle.lockedUntil("olga", "10.0.0.99")).contains(last.plus(SETTINGS.lockOut()));
        assertThat(throttle.lockedUntil("anna", "10.0.0.99")).as("another user").isEmpty();

        clock.now = last.plus(SETTINGS.lockOut()).minusSeconds(1);
        assertThat(throttle.lockedUntil("olga", "10.0.0.99")).isPresent();
        clock.now = last.plus(SETTINGS.lockOut());
        assertThat(throttle.lockedUntil("olga", "10.0.0.99")).isEmpty();
        assertThat(throttle.failed("olga", "10.0.0.9").userFailures()).as("counting starts again").isEqualTo(1);
    }

    @Test
    void aSuccessClearsTheUserNamesCountButNotTheAddresss() {
        throttle.failed("olga", "10.0.0.1");
        throttle.failed("olga", "10.0.0.1");
        throttle.succeeded("olga");
        LoginThrottle.Counted counted = throttle.failed("olga", "10.0.0.1");
        assertThat(counted.userFailures()).isEqualTo(1);
        assertThat(counted.addressFailures()).isEqualTo(3);
    }

    @Test
    void anAddressIsLockedOutAfterFailuresForManyUserNames() {
        for (int i = 0; i < SETTINGS.maxFailuresPerAddress(); i++) {
            assertThat(throttle.lockedUntil("olga", "10.0.0.1")).isEmpty();
            throttle.failed("guess" + i, "10.0.0.1");
        }
        assertThat(throttle.lockedUntil("olga", "10.0.0.1")).as("even a user without failures").isPresent();
        assertThat(throttle.lockedUntil("olga", "10.0.0.2")).isEmpty();
    }

    @Test
    void aTypedNameIsLoggedWithoutLineBreaks() {
        assertThat(ThrottledAuthenticationProvider.printable("olga\r\nINFO forged line")).isEqualTo("olga??INFO forged line");
        assertThat(ThrottledAuthenticationProvider.printable("x".repeat(100))).hasSize(67);
    }
}

package nl.zorgbrug.audit.export;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the exporter waits before it tries the same record again after the repository failed: {@code initial},
 * growing by {@code factor} per failure in a row, at most {@code max}; a success starts again at {@code initial}.
 */
public record Backoff(Duration initial, double factor, Duration max) {
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || factor < 1.0) {
            throw new IllegalArgumentException("an export back-off needs 0 < initial <= max and factor >= 1, not "
                    + initial + ", " + factor + ", " + max);
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1, 2, ...). */
    public Duration after(int failures) {
        double millis = initial.toMillis() * Math.pow(factor, Math.max(0, failures - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}

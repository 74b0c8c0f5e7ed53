package nl.zorgbrug.gateway.job;

import java.time.Duration;

/**
 * Exponential backoff for transient failures: first retry after {@code initial}, each next one
 * {@code factor} times later, never later than {@code max}. Until then a failed attempt leaves the job FAILED with
 * an automatic retry pending; after {@code maxAttempts} attempts it is FAILED for good, and a person is alerted.
 */
public record RetryPolicy(Duration initial, double factor, Duration max, int maxAttempts) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(30), 12);

    public RetryPolicy {
        if (initial.isNegative() || factor < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("retry policy needs initial ≥ 0, factor ≥ 1 and maxAttempts ≥ 1");
        }
    }

    /** The wait before attempt number {@code attempt + 1}, given that {@code attempt} attempts failed. */
    public Duration delayAfter(int attempt) {
        double seconds = initial.toMillis() / 1000.0 * Math.pow(factor, Math.max(0, attempt - 1));
        long millis = (long) Math.min(max.toMillis(), seconds * 1000);
        return Duration.ofMillis(millis);
    }

    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }
}

package nl.zorgbrug.gateway.job;

import java.time.Instant;
import java.util.Objects;

/**
 * Which node holds a job now, and until when its lease lasts unless renewed (issue 22: "console and API show which
 * node holds which job"). Read from the job's row ({@code lease_owner}, {@code lease_until}); a job whose lease has
 * passed is held by nobody.
 *
 * @param node  the holder's {@code zorgbrug.node.id}
 * @param until when the lease ends unless the holder renews it (every {@link Leases#renewEvery()} while it holds it)
 */
public record HeldLease(String node, Instant until) {
    public HeldLease {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(until, "until");
    }
}

package nl.zorgbrug.gateway.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How this node holds the jobs it delivers when several nodes share one database (issue 22): it claims a due job
 * with a lease in the job's row ({@link JobRepository#claim}) that lasts {@code duration}, renews it every
 * {@link #renewEvery()} while the delivery runs, and writes to the job only while the lease outlasts the moment of
 * writing by {@code margin}. Another node takes a job over only once its lease has passed, so between this node's
 * last write and another node's first there is at least {@code margin}: room for an instance already on the wire to
 * arrive and for clocks that differ (the nodes' clocks are kept in step by NTP; the margin must exceed their skew).
 *
 * @param nodeId   this node's name in the job rows, unique among the nodes sharing the database and the same across
 *                 its restarts, so a restarted node takes back its own jobs at once ({@code zorgbrug.node.id})
 * @param duration how long a claim or a renewal holds a job
 * @param margin   how long before its end a lease no longer counts for the holder
 */
public record Leases(String nodeId, Duration duration, Duration margin) {

    public Leases {
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isBlank() || nodeId.length() > 200) {
            throw new IllegalArgumentException("a node id is 1 to 200 characters (zorgbrug.node.id), not '" + nodeId
                    + "'");
        }
        if (duration.isNegative() || margin.isNegative() || margin.compareTo(duration.dividedBy(2)) >= 0) {
            throw new IllegalArgumentException("a lease of " + duration + " needs a margin of less than half of it,"
                    + " not " + margin + ", or a renewal could not come before the holder stops writing");
        }
    }

    /** One node on its own: 30 s leases, 10 s margin. */
    public static Leases alone(String nodeId) {
        return new Leases(nodeId, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** When a lease claimed or renewed now ends. */
    public Instant until(Instant now) {
        return now.plus(duration);
    }

    /** The holder writes only while its lease ends after this moment. */
    public Instant mustOutlast(Instant now) {
        return now.plus(margin);
    }

    /**
     * How often the holder renews: twice within the time between a renewal and the margin, so one late or failed
     * renewal does not stop a delivery.
     */
    public Duration renewEvery() {
        return duration.minus(margin).dividedBy(2);
    }
}

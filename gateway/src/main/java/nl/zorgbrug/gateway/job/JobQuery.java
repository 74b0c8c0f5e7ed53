package nl.zorgbrug.gateway.job;

import java.time.Duration;
import java.time.Instant;

/**
 * A job search; fields left null match anything. Default period: the last two weeks (issue 5).
 *
 * @param channel the channel the jobs are delivered by (issue 21), or null for any
 * @param heldBy  only the jobs this node holds the lease of at that moment (issue 22), or null for any
 */
public record JobQuery(Instant from, Instant to, JobState state, Direction direction, String destination,
                       String accessionNumber, String studyInstanceUid, int limit, Channel channel, HeldBy heldBy) {

    /** Jobs whose lease {@code node} holds at {@code at} (the lease ends after it). */
    public record HeldBy(String node, Instant at) {
        public HeldBy {
            java.util.Objects.requireNonNull(node, "node");
            java.util.Objects.requireNonNull(at, "at");
        }
    }

    /** A search of jobs whoever holds them. */
    public JobQuery(Instant from, Instant to, JobState state, Direction direction, String destination,
                    String accessionNumber, String studyInstanceUid, int limit, Channel channel) {
        this(from, to, state, direction, destination, accessionNumber, studyInstanceUid, limit, channel, null);
    }

    /** The same search, narrowed to the jobs {@code node} holds at {@code at}; a null node leaves it as it is. */
    public JobQuery heldBy(String node, Instant at) {
        return node == null ? this : new JobQuery(from, to, state, direction, destination, accessionNumber,
                studyInstanceUid, limit, channel, new HeldBy(node, at));
    }

    /** A search of any channel. */
    public JobQuery(Instant from, Instant to, JobState state, Direction direction, String destination,
                    String accessionNumber, String studyInstanceUid, int limit) {
        this(from, to, state, direction, destination, accessionNumber, studyInstanceUid, limit, null);
    }

    public static JobQuery lastTwoWeeks(Instant now) {
        return new JobQuery(now.minus(Duration.ofDays(14)), now, null, null, null, null, null, 200);
    }
}

package nl.zorgbrug.gateway.job;

import java.time.Duration;
import java.time.Instant;

/**
 * A job search; fields left null match anything. Default period: the last two weeks (issue 5).
 *
 * @param channel the channel the jobs are delivered by (issue 21), or null for any
 */
public record JobQuery(Instant from, Instant to, JobState state, Direction direction, String destination,
                       String accessionNumber, String studyInstanceUid, int limit, Channel channel) {

    /** A search of any channel. */
    public JobQuery(Instant from, Instant to, JobState state, Direction direction, String destination,
                    String accessionNumber, String studyInstanceUid, int limit) {
        this(from, to, state, direction, destination, accessionNumber, studyInstanceUid, limit, null);
    }

    public static JobQuery lastTwoWeeks(Instant now) {
        return new JobQuery(now.minus(Duration.ofDays(14)), now, null, null, null, null, null, 200);
    }
}

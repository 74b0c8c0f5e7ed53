package nl.zorgbrug.gateway.job;

import java.time.Duration;
import java.time.Instant;

/** A job search; fields left null match anything. Default period: the last two weeks (issue 5). */
public record JobQuery(Instant from, Instant to, JobState state, Direction direction, String destination,
                       String accessionNumber, String studyInstanceUid, int limit) {

    public static JobQuery lastTwoWeeks(Instant now) {
        return new JobQuery(now.minus(Duration.ofDays(14)), now, null, null, null, null, null, 200);
    }
}

package nl.zorgbrug.gateway.job;

import java.time.Instant;

/**
 * One job: a study, sent to or received from one institution, in one direction (issue 5:
 * "a job per study × destination × direction"). Immutable; the {@link JobManager} makes changed copies.
 *
 * @param destination the address-book key of the other institution
 * @param reason      why the job is FAILED or HELD, in words for a person; null otherwise
 * @param bsnVerdict  the classifier's verdict on what was sent or received (e.g. CORRECT)
 * @param attempts    delivery attempts so far
 * @param notBefore   a retry waits until this moment
 */
public record Job(long id, String studyInstanceUid, String destination, Direction direction, JobState state,
                  String reason, String accessionNumber, String bsnVerdict, String remark, String referralReason,
                  int attempts, Instant notBefore, Instant created, Instant updated) {

    public Job withState(JobState next, String why, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalJobTransitionException(this, next);
        }
        return new Job(id, studyInstanceUid, destination, direction, next, why, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, notBefore, created, now);
    }

    public Job withAttempt(Instant nextTry, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts + 1, nextTry, created, now);
    }

    public Job withVerdict(String verdict, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, verdict, remark,
                referralReason, attempts, notBefore, created, now);
    }

    /** The same job, due at {@code due} (a WAITING job is taken by the scheduler from then on). */
    public Job withNotBefore(Instant due, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, due, created, now);
    }

    public Job withId(long newId) {
        return new Job(newId, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, notBefore, created, updated);
    }

    /** A new job for a study, WAITING. */
    public static Job open(String studyInstanceUid, String destination, Direction direction, String accessionNumber,
                           String remark, String referralReason, Instant now) {
        return new Job(0, studyInstanceUid, destination, direction, JobState.WAITING, null, accessionNumber, null,
                remark, referralReason, 0, now, now, now);
    }
}

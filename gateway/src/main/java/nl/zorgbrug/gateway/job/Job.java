package nl.zorgbrug.gateway.job;

import java.time.Instant;

import nl.zorgbrug.bsn.classify.Verdict;

/**
 * One job: a study, sent to or received from one institution, in one direction (issue 5:
 * "a job per study × destination × direction"). Immutable; the {@link JobManager} makes changed copies.
 *
 * @param destination the address-book key of the other institution
 * @param reason      why the job is FAILED or HELD, in words for a person; on a WAITING job, why it waits
 *                    again (a restart, a person's retry); null otherwise
 * @param bsnVerdict  the classifier's verdict on the objects as they arrived, the worst of them (null until an object of
 *                    the job was classified): for an import what the other institution sent us
 * @param bsnVerdictSent the verdict on the objects as they left, after the route's edits (the BSN swap), the worst of
 *                    them (null until an attempt sent some): for an export what the other institution got. Issue 15:
 *                    what is measured must be what was sent, so compliance counts this one for exports
 * @param attempts    delivery attempts so far
 * @param notBefore   a retry waits until this moment
 * @param retryAt     on a FAILED job after a transient failure: when the scheduler retries it by itself (issue 5:
 *                    "jobs go FAILED, retry, then DONE"); null when no automatic retry is pending, which is
 *                    always so in any other state and on a FAILED job that needs a person
 * @param channel     how the job is delivered (DICOM, STOW-RS, SFTP, download link), set by the transport that takes
 *                    it (issue 21, the job manager's channel column); null until a transport took it
 */
public record Job(long id, String studyInstanceUid, String destination, Direction direction, JobState state,
                  String reason, String accessionNumber, Verdict bsnVerdict, String remark, String referralReason,
                  int attempts, Instant notBefore, Instant retryAt, Instant created, Instant updated,
                  Verdict bsnVerdictSent, Channel channel) {

    public Job {
        // An automatic retry is pending only while the job is FAILED; in any other state the marker means nothing,
        // and a copy made for another state must not carry it along (the scheduler would take the job again).
        if (state != JobState.FAILED) {
            retryAt = null;
        }
    }

    /**
     * The same job in another state, with the reason in words. A change of state ends any pending automatic
     * retry; FAILED → IN_PROGRESS is allowed only as that retry ({@link JobState#next()}).
     */
    public Job withState(JobState next, String why, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalJobTransitionException(this, next);
        }
        if (state == JobState.FAILED && next == JobState.IN_PROGRESS && retryAt == null) {
            throw new IllegalJobTransitionException(this, next,
                    "no automatic retry is pending; a person retries it (WAITING) or cancels it");
        }
        return new Job(id, studyInstanceUid, destination, direction, next, why, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, notBefore, null, created, now, bsnVerdictSent, channel);
    }

    /** This FAILED job, to be retried by the scheduler at {@code at} (and not before). */
    public Job withAutomaticRetry(Instant at, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, at, at, created, now, bsnVerdictSent, channel);
    }

    public Job withAttempt(Instant nextTry, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts + 1, nextTry, retryAt, created, now, bsnVerdictSent, channel);
    }

    /**
     * This delivered (DONE) job as a new send of the same study (a person sends it again): WAITING, with no attempts
     * behind it. Attempts count towards the retry budget and mark a job that waits for a retry, whose time new
     * arrivals must not shorten; a new send is neither, so its PACS copies make it due after the quiet time.
     */
    public Job sentAgain(Instant now) {
        Job waiting = withState(JobState.WAITING, null, now);
        return new Job(id, studyInstanceUid, destination, direction, waiting.state, null, accessionNumber, bsnVerdict,
                remark, referralReason, 0, notBefore, null, created, now, bsnVerdictSent, channel);
    }

    /** A job as kept before the verdict of what left was recorded (issue 15): none yet. */
    public Job(long id, String studyInstanceUid, String destination, Direction direction, JobState state,
               String reason, String accessionNumber, Verdict bsnVerdict, String remark, String referralReason,
               int attempts, Instant notBefore, Instant retryAt, Instant created, Instant updated) {
        this(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, notBefore, retryAt, created, updated, null, null);
    }

    /** A job as kept before its channel was recorded (issue 21): none yet. */
    public Job(long id, String studyInstanceUid, String destination, Direction direction, JobState state,
               String reason, String accessionNumber, Verdict bsnVerdict, String remark, String referralReason,
               int attempts, Instant notBefore, Instant retryAt, Instant created, Instant updated,
               Verdict bsnVerdictSent) {
        this(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, notBefore, retryAt, created, updated, bsnVerdictSent, null);
    }

    /** The same job, delivered by this channel (set when a transport takes it). */
    public Job withChannel(Channel by, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, notBefore, retryAt, created, now, bsnVerdictSent, by);
    }

    /** The same job with the verdict of what it sent (after the route's edits). */
    public Job withVerdictSent(Verdict sent, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, notBefore, retryAt, created, now, sent, channel);
    }

    public Job withVerdict(Verdict verdict, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, verdict, remark,
                referralReason, attempts, notBefore, retryAt, created, now, bsnVerdictSent, channel);
    }

    /** The same job, due at {@code due} (a WAITING job is taken by the scheduler from then on). */
    public Job withNotBefore(Instant due, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, due, retryAt, created, now, bsnVerdictSent, channel);
    }

    /** The same job with another reason in words, in the same state. */
    public Job withReason(String why, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, why, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, notBefore, retryAt, created, now, bsnVerdictSent, channel);
    }

    /** The same job with the remark and referral reason of its send. */
    public Job withRemarks(String newRemark, String newReferralReason, Instant now) {
        return new Job(id, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict,
                newRemark, newReferralReason, attempts, notBefore, retryAt, created, now, bsnVerdictSent, channel);
    }

    public Job withId(long newId) {
        return new Job(newId, studyInstanceUid, destination, direction, state, reason, accessionNumber, bsnVerdict, remark,
                referralReason, attempts, notBefore, retryAt, created, updated, bsnVerdictSent, channel);
    }

    /**
     * Whether the scheduler takes this job at {@code now}: WAITING and its notBefore has passed, or FAILED with
     * an automatic retry that is due.
     */
    public boolean isDue(Instant now) {
        return state == JobState.WAITING ? !notBefore.isAfter(now)
                : state == JobState.FAILED && retryAt != null && !retryAt.isAfter(now);
    }

    /** A new job for a study, WAITING. */
    public static Job open(String studyInstanceUid, String destination, Direction direction, String accessionNumber,
                           String remark, String referralReason, Instant now) {
        return new Job(0, studyInstanceUid, destination, direction, JobState.WAITING, null, accessionNumber, null,
                remark, referralReason, 0, now, null, now, now, null, null);
    }
}

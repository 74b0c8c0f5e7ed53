package nl.zorgbrug.compliance.joblog;

import java.time.Instant;
import java.util.List;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.HeaderFacts;
import nl.zorgbrug.compliance.measure.StudyMark;
import nl.zorgbrug.gateway.job.Direction;

/** Where the {@link JobLogRecorder} keeps what it measured (the node's database). Every write is idempotent. */
public interface MeasurementStore {

    /**
     * An object arrived (or arrived again: a resend replaces the verdict, time and header facts). {@code institution}
     * is the sender's for an import, ignored for an export (it comes with {@link #joined}).
     */
    void received(Direction direction, String study, String sop, String route, String institution, String aeTitle,
                  Verdict verdict, Instant at, HeaderFacts facts);

    /** The object joined its job: the destination (an export's institution) and the route's urgency. */
    void joined(Direction direction, String study, String sop, long jobId, String destination, boolean urgent);

    /** A person's mark, kept once per outbox position. */
    void mark(long eventId, StudyMark mark);

    /** The studies of a job the measurement saw. */
    List<String> studiesOfJob(long jobId);
}

package nl.zorgbrug.gateway.merge;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;

/**
 * The port through which a merge of two patients in the EPD (HL7 v2 ADT A40, or a change of number A47) reaches what
 * the node holds under the prior number (issue 16): the merge is remembered, so an object that arrives later under
 * the prior number is mapped to the survivor, and jobs and quarantine links are re-pointed. In the node a JDBC
 * implementation in {@code app}, in the same transaction as the MPI change.
 */
public interface MergedPatients {

    /** Remembers that {@code priorLocalId} now is {@code survivorLocalId} (a later merge of the same number wins). */
    void record(Merge merge);

    /** The number this one was merged into, one step (follow a chain with {@link MergeRule#survivor}). */
    Optional<String> survivorOf(String localId);

    /** The jobs whose patient (as its objects arrived, or as a person linked it) is this local number. */
    List<JobOfPatient> jobsOf(String localId);

    /**
     * Every job of {@code priorLocalId} in one of {@code states} gets {@code step} in its history and, when
     * {@code survivorLocalId} is not null, the survivor as its patient (what job searches by patient find). Set-based:
     * a few statements whatever the number of jobs (issue 16, a merge of a patient with 10,000 objects). How many.
     */
    int moveJobs(String priorLocalId, String survivorLocalId, Set<JobState> states, JobStep step);

    /** A step in a job's history, as {@code JobRepository.recordEvent} writes it. */
    record JobStep(String user, String action, String detail, Instant at) {
        public JobStep {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Quarantine entries a person linked to {@code priorLocalId} (open or linked, not rejected) are linked to the
     * survivor, so the import writes the survivor's number on delivery. How many.
     */
    int repointQuarantine(String priorLocalId, String survivorLocalId);

    /**
     * Jobs delivered (DONE) under a number that was merged away since: the receiving PACS still files those objects
     * under the prior number and a person must have them merged there too. Newest merge first, at most {@code limit}.
     */
    List<DeliveredUnderPrior> deliveredUnderPrior(int limit);

    /** A merge as the EPD told it; {@code source} is the HL7 event (A40, A47). */
    record Merge(String priorLocalId, String survivorLocalId, String source, Instant at) {
        public Merge {
            Objects.requireNonNull(priorLocalId, "priorLocalId");
            Objects.requireNonNull(survivorLocalId, "survivorLocalId");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A job and where it stands. */
    record JobOfPatient(long jobId, JobState state) {
    }

    /** A job delivered under {@code priorLocalId}, which the EPD merged into {@code survivorLocalId}. */
    record DeliveredUnderPrior(long jobId, Direction direction, String destination, String studyInstanceUid,
                               String accessionNumber, String priorLocalId, String survivorLocalId, String source,
                               Instant merged) {
    }
}

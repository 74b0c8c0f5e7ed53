package nl.zorgbrug.gateway.job;

import java.util.List;
import java.util.Map;

/**
 * What people read about jobs besides the jobs themselves (console and REST API): the patient each job is
 * for, jobs found by patient, and who did what to a job. The patient data of jobs is read only through here,
 * so an audit trail (docs: gateway seams) has one place to see every such read.
 */
public interface JobQueries {

    /**
     * A job's patient as recorded when its first object arrived: name, Patient ID and its issuer (as the object named
     * it: (0010,0021) or the qualifiers; any may be null), and the job's direction. Who the Patient ID is depends on
     * both (issue 17): an export's comes from our own systems, an import's is only ours with our own issuer or as a
     * BSN with the BSN OID.
     */
    record JobPatient(String name, String id, String issuer, Direction direction) {
        /** Name and Patient ID only (issuer and direction not known). */
        public JobPatient(String name, String id) {
            this(name, id, null, null);
        }
    }

    /** The patients of these jobs, by job id. */
    Map<Long, JobPatient> patients(List<Job> jobs);

    /** Jobs in the query whose patient name contains the text (case-insensitive) or whose Patient ID equals it. */
    List<Job> searchByPatient(JobQuery query, String patient);

    /** The recorded actions of a job, oldest first, as "user action detail". */
    List<String> events(long jobId);

    /**
     * One step in a job's history: an automatic one ({@code user} "system": opened, classified, swapped, attempt,
     * delivered, failed, held, corrected, storage commitment, ...) or a person's action, with when it happened.
     */
    record HistoryEntry(java.time.Instant at, String user, String action, String detail) {
        /** Whether the node did it by itself rather than a person. */
        public boolean automatic() {
            return JobManager.SYSTEM.equals(user) || "automatic".equals(user);
        }
    }

    /**
     * Every step of a job, oldest first (issue 15: the history lists every automatic step, not only people's). A
     * store that keeps no times (a test's) has none to give.
     */
    default List<HistoryEntry> history(long jobId) {
        return List.of();
    }
}

package nl.zorgbrug.gateway.job;

import java.util.List;
import java.util.Map;

/**
 * What people read about jobs besides the jobs themselves (console and REST API): the patient each job is
 * for, jobs found by patient, and who did what to a job. The patient data of jobs is read only through here,
 * so an audit trail (docs: gateway seams) has one place to see every such read.
 */
public interface JobQueries {

    /** A job's patient as recorded when its first object arrived: name and Patient ID, either may be null. */
    record JobPatient(String name, String id) {
    }

    /** The patients of these jobs, by job id. */
    Map<Long, JobPatient> patients(List<Job> jobs);

    /** Jobs in the query whose patient name contains the text (case-insensitive) or whose Patient ID equals it. */
    List<Job> searchByPatient(JobQuery query, String patient);

    /** The recorded actions of a job, oldest first, as "user action detail". */
    List<String> events(long jobId);
}

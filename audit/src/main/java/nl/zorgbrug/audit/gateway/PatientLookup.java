package nl.zorgbrug.audit.gateway;

import java.util.Optional;

import nl.zorgbrug.audit.event.PatientRef;

/**
 * Who a job is for. The gateway's events name no patient (they are kept in the outbox; the patient stays in the job),
 * so the audit trail asks the job's record (in the node: JobQueries, the Patient ID the first object arrived with).
 */
@FunctionalInterface
public interface PatientLookup {

    Optional<PatientRef> forJob(long jobId);

    static PatientLookup none() {
        return jobId -> Optional.empty();
    }
}

package nl.zorgbrug.gateway.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where jobs are kept: a database in the node (app module), a map in tests. */
public interface JobRepository {

    /** Saves a job; a job with id 0 is new and gets an id. Returns the saved job. */
    Job save(Job job);

    Optional<Job> find(long id);

    /**
     * The current job for this study, destination and direction: the newest that is not CANCELLED.
     * A new instance joins it (a DONE job is reopened); a resent instance is recognised by its UID.
     */
    Optional<Job> findOpen(String studyInstanceUid, String destination, Direction direction);

    /** Adds an instance unless the job has it already (de-duplication by SOP Instance UID). */
    boolean addInstance(JobInstance instance);

    /**
     * Records an answer (status, acknowledged, committed) for the version of the instance the job sends now; an
     * answer for an earlier version (a corrected object replaced it while that was on the wire) is dropped, so it
     * never acknowledges the correction (issue 15). An instance the job does not have is added.
     */
    void updateInstance(JobInstance instance);

    /** The job's instance points at another version of the object from now on (issue 15), whatever it held. */
    void correctInstance(JobInstance instance);

    List<JobInstance> instances(long jobId);

    /**
     * Every job instance with this SOP Instance UID, in any job (a Storage Commitment SCP request names
     * instances by SOP Class and Instance UID only, PS3.4 J.3.2).
     */
    List<JobInstance> instancesBySopInstanceUid(String sopInstanceUid);

    /**
     * The instances of a job not yet acknowledged by the receiver: what a delivery still has to send.
     * A delivery asks this after every batch, so repositories answer it without reading the whole study.
     */
    default List<JobInstance> unacknowledged(long jobId) {
        return instances(jobId).stream().filter(i -> !i.acknowledged()).toList();
    }

    /** Jobs in the period, newest first, filtered by what is given (null = any). */
    List<Job> search(JobQuery query);

    /**
     * The jobs the scheduler takes now ({@link Job#isDue}), earliest first: WAITING jobs whose notBefore has
     * passed, and FAILED jobs whose automatic retry ({@link Job#retryAt}) is due.
     */
    List<Job> due(Instant now, int limit);

    /** How many jobs are in this state (the console's status page). */
    long count(JobState state);

    /**
     * Records the patient of a job as its objects arrived (name and Patient ID), for searching by patient.
     * The first object's values are kept.
     */
    default void recordPatient(long jobId, String patientName, String patientId) {
    }

    /** Records who did what to a job (retry, cancel, release), for the audit trail. */
    void recordEvent(long jobId, String user, String action, String detail, Instant at);
}

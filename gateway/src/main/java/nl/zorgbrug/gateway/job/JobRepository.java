package nl.zorgbrug.gateway.job;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    /**
     * {@link #findOpen} and {@link #findForUpdate} of what it found, as one read (issue 22: in the database one
     * statement, {@code ... order by id desc limit 1 for update}, where it was two per arriving image). The row
     * returned is the job as committed once the lock is had: a change by another node that held the row is seen.
     */
    default Optional<Job> findOpenForUpdate(String studyInstanceUid, String destination, Direction direction) {
        return findOpen(studyInstanceUid, destination, direction).map(o -> findForUpdate(o.id()).orElse(o));
    }

    /**
     * Keeps the key of a job to be opened for this unit of work (issue 22): a second caller with the same key waits
     * until the first's unit has ended, and then finds the job it opened. Nothing to do where one process holds the
     * store (the job manager's own lock suffices).
     */
    default void lockOpening(String studyInstanceUid, String destination, Direction direction) {
    }

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

    /**
     * Claims up to {@code limit} jobs for {@code owner} until {@code until} (issue 22: several nodes share the
     * database), earliest first: the due ones ({@link #due}) whose lease is free, has passed or is the owner's own,
     * and the IN_PROGRESS ones whose lease has passed (their holder stopped renewing: it died, or lost the database).
     * No job is claimed by two callers: in the database rows another claimer has locked are skipped
     * ({@code FOR UPDATE SKIP LOCKED}) and each claimed row is re-checked under its lock.
     */
    List<Job> claim(Instant now, int limit, String owner, Instant until);

    /** Extends the owner's lease of a job to {@code until}, if the owner holds it beyond {@code mustOutlast}. */
    boolean renewLease(long jobId, String owner, Instant mustOutlast, Instant until);

    /**
     * {@link #save} for the holder of the job's lease: saved only while {@code owner} holds it beyond
     * {@code mustOutlast} (checked in the same statement); {@code keep} false ends the lease with the change.
     * Returns false, having saved nothing, when the owner does not hold it.
     */
    boolean saveLeased(Job job, String owner, Instant mustOutlast, boolean keep);

    /** {@link #updateInstance} for the holder of the job's lease, as {@link #saveLeased}; false: nothing recorded. */
    boolean updateInstanceLeased(JobInstance instance, String owner, Instant mustOutlast);

    /**
     * {@link #updateInstanceLeased} for several instances as one (in the database one batch, one round trip): true when
     * every one was recorded; false when the owner does not hold a job's lease, and the caller rolls its unit back.
     */
    default boolean updateInstancesLeased(List<JobInstance> instances, String owner, Instant mustOutlast) {
        for (JobInstance i : instances) {
            if (!updateInstanceLeased(i, owner, mustOutlast)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The IN_PROGRESS jobs a node starting as {@code owner} puts back to WAITING: its own and those no node holds.
     * Jobs of another node are left to it, or, once their lease has passed, to a {@link #claim}.
     */
    List<Job> interrupted(String owner, Instant now);

    /** The node that holds the job's lease at {@code now}, if any (the console shows it). */
    Optional<String> leaseHolder(long jobId, Instant now);

    /**
     * The leases held at {@code now} of these jobs, by job id; a job nobody holds is not in the map (issue 22: the
     * console's and the API's job lists show the holding node and until when).
     */
    Map<Long, HeldLease> leases(Collection<Long> jobIds, Instant now);

    /** The nodes that hold a lease of a job in progress at {@code now} (the console's filter offers them). */
    List<String> leaseHolders(Instant now);

    /** How many jobs in progress {@code node} holds the lease of at {@code now} (a gauge per node). */
    long countHeld(String node, Instant now);

    /**
     * {@link #find} that keeps the row for this unit of work (in the database: {@code SELECT ... FOR UPDATE}), so a
     * change read-modified-written by one node is not overwritten by another node's at the same time.
     */
    default Optional<Job> findForUpdate(long id) {
        return find(id);
    }

    /** How many jobs are in this state (the console's status page). */
    long count(JobState state);

    /**
     * Records the patient of a job as its objects arrived (name and Patient ID), for searching by patient.
     * The first object's values are kept.
     */
    default void recordPatient(long jobId, String patientName, String patientId) {
    }

    /**
     * As {@link #recordPatient(long, String, String)}, with the Patient ID's issuer as the object named it (null when
     * it named none): an import's Patient ID may be another institution's number, which only its issuer tells apart
     * from one of ours (issue 17). A store that keeps no issuer keeps the rest.
     */
    default void recordPatient(long jobId, String patientName, String patientId, String issuer) {
        recordPatient(jobId, patientName, patientId);
    }

    /** Records who did what to a job (retry, cancel, release), for the audit trail. */
    void recordEvent(long jobId, String user, String action, String detail, Instant at);
}

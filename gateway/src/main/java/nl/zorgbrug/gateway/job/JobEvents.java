package nl.zorgbrug.gateway.job;

import java.time.Instant;

/**
 * What the job manager tells of, in the job's own words: a change of state, instances acknowledged, a person's
 * action. The gateway's events port ({@code gateway.events.EventHub}) implements it and publishes each as a
 * {@code GatewayEvent}; the port is declared here, beside its caller, so that {@code job} needs nothing of
 * {@code events} while the event records may speak of jobs (dependency inversion: no package cycle).
 *
 * <p>Every method is called inside the unit of work that made the change ({@link Transactions}), so a durable
 * listener gets the event exactly when the change is kept.
 */
public interface JobEvents {

    /** The job's state changed; {@code before} is null when the job is new. */
    void stateChanged(Job before, Job after);

    /** {@code instances} instances of the job were acknowledged by the receiver in one attempt. */
    void delivered(Job job, int instances, Instant at);

    /** A person acted on a job ({@code jobId}) or on a study without one (quarantine), with the reason. */
    void personAction(String user, String action, String why, Long jobId, String studyInstanceUid, Instant at);

    /**
     * A job's instance was sent again with other content and now points at that version (issue 15); {@code patient}
     * names what differs of the patient (empty: the same patient).
     */
    default void corrected(Job job, JobInstance before, JobInstance after, java.util.List<PatientKey.Part> patient,
                           Instant at) {
    }

    /** Nobody listens (unit tests of a single class). */
    static JobEvents none() {
        return new JobEvents() {
            @Override
            public void stateChanged(Job before, Job after) {
            }

            @Override
            public void delivered(Job job, int instances, Instant at) {
            }

            @Override
            public void personAction(String user, String action, String why, Long jobId, String studyInstanceUid,
                                     Instant at) {
            }
        };
    }
}

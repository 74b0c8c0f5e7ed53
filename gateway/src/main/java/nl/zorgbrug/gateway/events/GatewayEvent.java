package nl.zorgbrug.gateway.events;

import java.time.Instant;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;

/**
 * What happened in the gateway, told to whoever listens ({@link GatewayEvents}): the metrics, the manifest
 * receiver, the emergency wake-up today; the audit trail, compliance counting and the image index's registration
 * next. Values only (no files, no data sets), so an event can be kept in the outbox and read back after a
 * restart. No event holds a patient's identifiers: who the patient is stays in the job and the spool.
 */
public sealed interface GatewayEvent permits GatewayEvent.ObjectReceived, GatewayEvent.Quarantined,
        GatewayEvent.JoinedJob, GatewayEvent.JobStateChanged, GatewayEvent.Delivered, GatewayEvent.PersonAction,
        GatewayEvent.InstanceCorrected, GatewayEvent.PatientsMerged {

    /** When it happened. */
    Instant at();

    /** What a route decided for an object (the kind of {@link nl.zorgbrug.gateway.route.RouteDecision}). */
    enum Decision { FORWARD, HOLD, QUARANTINE }

    /**
     * An object is safe in the spool and its route decided (the intake, for every inbound transport).
     *
     * @param verdict     the classifier's BSN verdict on the object as it arrived, null when no classifier ran: what
     *                    compliance counts for an import
     * @param verdictSent the verdict on the object as the route's edits (the swap) will make it leave, null when it
     *                    does not leave (held, quarantined) or no classifier ran. What did leave is told with
     *                    {@link Delivered} (issue 15: what is measured must be what was sent)
     * @param tlsPeerSubject the subject of the sender's TLS client certificate, null without one (or when the object
     *                       was taken again from the spool after a restart): the sender's institution where its
     *                       AE title is not in the address book (issue 18)
     */
    record ObjectReceived(String route, Direction direction, String studyInstanceUid, String sopInstanceUid,
                          String sopClassUid, String callingAeTitle, long bytes, Decision decision, Verdict verdict,
                          Verdict verdictSent, Instant at, String tlsPeerSubject) implements GatewayEvent {

        /** Without a TLS client certificate. */
        public ObjectReceived(String route, Direction direction, String studyInstanceUid, String sopInstanceUid,
                              String sopClassUid, String callingAeTitle, long bytes, Decision decision, Verdict verdict,
                              Verdict verdictSent, Instant at) {
            this(route, direction, studyInstanceUid, sopInstanceUid, sopClassUid, callingAeTitle, bytes, decision,
                    verdict, verdictSent, at, null);
        }

        /** Without the verdict of what leaves (events kept before issue 15 read back as this). */
        public ObjectReceived(String route, Direction direction, String studyInstanceUid, String sopInstanceUid,
                              String sopClassUid, String callingAeTitle, long bytes, Decision decision, Verdict verdict,
                              Instant at) {
            this(route, direction, studyInstanceUid, sopInstanceUid, sopClassUid, callingAeTitle, bytes, decision,
                    verdict, null, at);
        }
    }

    /** An object went to the quarantine worklist for a person to reconcile (issue 4's rules): why, in a code. */
    record Quarantined(String route, String studyInstanceUid, String sopInstanceUid, String reasonCode,
                       Verdict verdict, Instant at) implements GatewayEvent {
    }

    /**
     * An object joined its job (a resend, already in the job, is told again: the job may have moved on since).
     * {@code jobState} is the job's state once the object joined; {@code urgent} when its route is an emergency
     * route; {@code spoolPath} where the original lies, for a listener that must read it (the manifest receiver).
     */
    record JoinedJob(long jobId, String destination, Direction direction, String route, String studyInstanceUid,
                     String sopInstanceUid, String sopClassUid, String spoolPath, long bytes, boolean urgent,
                     JobState jobState, Instant at) implements GatewayEvent {
    }

    /**
     * A job moved from one state to another ({@code from} null: the job was opened). {@code verdict} and
     * {@code verdictSent} are the job's BSN verdicts as they are then: of what arrived, and of what left after the
     * swap (null until an attempt sent something; {@link nl.zorgbrug.gateway.job.Job#bsnVerdictSent}).
     */
    record JobStateChanged(long jobId, String destination, Direction direction, JobState from, JobState to,
                           String reason, Verdict verdict, Verdict verdictSent, Instant at) implements GatewayEvent {

        /** Without verdicts (events kept before issue 15 read back as this). */
        public JobStateChanged(long jobId, String destination, Direction direction, JobState from, JobState to,
                               String reason, Instant at) {
            this(jobId, destination, direction, from, to, reason, null, null, at);
        }
    }

    /**
     * The receiver acknowledged {@code instances} more instances of a job in one attempt. {@code verdictSent} is the
     * BSN verdict of what left (after the swap), {@code verdict} of what had arrived, each the worst of the job's
     * objects ({@link nl.zorgbrug.gateway.job.Job#bsnVerdictSent}): compliance counts the first for an export, the
     * second for an import (issue 15). Per object, {@link ObjectReceived} has both as the route judged them on arrival.
     */
    record Delivered(long jobId, String destination, Direction direction, int instances, Verdict verdict,
                     Verdict verdictSent, Instant at) implements GatewayEvent {

        /** Without verdicts (events kept before issue 15 read back as this). */
        public Delivered(long jobId, String destination, Direction direction, int instances, Instant at) {
            this(jobId, destination, direction, instances, null, null, at);
        }
    }

    /**
     * A job's instance was sent again with the same SOP Instance UID and other content (issue 15: a PACS sends a
     * corrected object so): the job now sends version {@code toVersion}; {@code fromVersion} stays in the spool until
     * then. {@code wasDelivered} when the earlier version had reached the receiver already (the new one goes again);
     * {@code patientChanged} names what differs of the patient ("PATIENT_ID,BSN"; null when the same patient), in
     * which case the job is HELD for a person. The versions are the spool's files: once a delivered original has left
     * the spool, a correction is its version 1 again.
     */
    record InstanceCorrected(long jobId, String destination, Direction direction, String studyInstanceUid,
                             String sopInstanceUid, int fromVersion, int toVersion, boolean wasDelivered,
                             String patientChanged, Instant at) implements GatewayEvent {
    }

    /**
     * A person did something (retry, cancel, release, send, link, reject): who, what and why (issue 14: the
     * audit trail's line). {@code jobId} is null when no job is concerned (rejecting a quarantined study).
     */
    record PersonAction(String user, String action, String why, Long jobId, String studyInstanceUid, Instant at)
            implements GatewayEvent {
    }

    /**
     * The EPD merged two patients (HL7 v2 ADT A40) or changed a number (A47), and the node re-pointed what it held
     * under the prior number (issue 16): how many jobs and quarantine links moved to the survivor, and how many jobs
     * had been delivered under the prior number already (listed for a person). No numbers: they stay in the jobs.
     */
    record PatientsMerged(String source, int jobsRepointed, int quarantineRepointed, int deliveredUnderPrior,
                          Instant at) implements GatewayEvent {
    }
}

package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.StorageCommitment;
import nl.zorgbrug.gateway.addressbook.DicomEndpoint;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.IllegalJobTransitionException;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Storage commitment of what a job delivered (issue 5: "a job is DONE only when the destination answered
 * success for every instance, and committed it, where storage commitment is used"; PS3.4 Annex J).
 *
 * <p>When every instance of a job to an institution with {@code storageCommitment} is acknowledged, the
 * C-STORE transport calls {@link #request}: an N-ACTION with a new Transaction UID for this attempt lists the
 * acknowledged, not yet committed instances. The job stays IN_PROGRESS with the reason "waiting for the
 * storage commitment report" — never DONE before the report. The N-EVENT-REPORT may come on the
 * N-ACTION's association (we wait there {@code linger} for it) or later on an association the receiver
 * opens to the node's AE (Orthanc does this); the node's DicomServer hands it to {@link #committed}.
 * Instances it commits are marked {@code committed}; instances it reports failed are sent again
 * (a transient failure, retried with backoff), unless the Failure Reason is permanent (PS3.4
 * J.3.2.1.1.2: the SOP class is not supported, or class and instance conflict), which FAILS the job.
 * No report within {@code timeout} is a transient failure: the job is FAILED until its automatic retry,
 * which asks again with a new Transaction UID. A report for a transaction we no longer wait for (after a timeout or a
 * restart, which sets the job WAITING again) is ignored.
 */
public final class CommitmentTracker implements StorageCommitment.Handler, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommitmentTracker.class.getName());

    private final JobManager manager;
    private final JobRepository jobs;
    private final SpoolCleanup cleanup;
    private final String callingAeTitle;
    private final Duration timeout;
    private final Duration linger;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<String, Pending> byTransaction = new ConcurrentHashMap<>();
    private final Map<Long, String> byJob = new ConcurrentHashMap<>();

    /** One outstanding request: the job, whom we asked, and which instances. */
    private record Pending(long jobId, String institution, String aeTitle, Set<String> instances,
                           ScheduledFuture<?> timeout) {
    }

    /**
     * What the tracker needs.
     *
     * @param cleanup        removes originals from the spool once the report commits them
     * @param callingAeTitle the node's AE title; the receiver sends a report on a new association to it
     * @param timeout        how long to wait for the report before it counts as a transient failure
     * @param linger         how long to wait on the N-ACTION's association for a report sent there
     */
    public record Settings(JobManager manager, JobRepository jobs, SpoolCleanup cleanup, String callingAeTitle,
                           Duration timeout, Duration linger, Clock clock) {
    }

    public CommitmentTracker(Settings settings) {
        this.manager = settings.manager();
        this.jobs = settings.jobs();
        this.cleanup = settings.cleanup();
        this.callingAeTitle = settings.callingAeTitle();
        this.timeout = settings.timeout();
        this.linger = settings.linger();
        this.clock = settings.clock();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zorgbrug-commitment-timeout");
            t.setDaemon(true);
            return t;
        });
    }

    /** Transaction UIDs we are waiting for (for tests and the status page). */
    public Set<String> outstanding() {
        return Set.copyOf(byTransaction.keySet());
    }

    /**
     * Asks {@code to} to commit the job's acknowledged, uncommitted instances. Returns the job as it is
     * then: IN_PROGRESS while the report is awaited, DONE/WAITING/FAILED (with or without an automatic retry pending) when the report came on the same
     * association or the request failed. Originals leave the spool when the report commits them, not before.
     *
     * @param institution the address-book key of the receiver, for messages
     */
    public Job request(Job job, String institution, DicomEndpoint to, Connector connector) {
        List<StorageCommitment.Reference> refs = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        for (JobInstance i : jobs.instances(job.id())) {
            if (i.acknowledged() && !i.committed()) {
                refs.add(new StorageCommitment.Reference(i.sopClassUid(), i.sopInstanceUid()));
                uids.add(i.sopInstanceUid());
            }
        }
        if (refs.isEmpty()) {
            return manager.finish(job, List.of(), null);
        }
        // A Transaction UID per attempt (PS3.4 J.3.2.1.1: unique for each request); 2.25 + UUID, PS3.5 B.2.
        String transaction = "2.25." + new java.math.BigInteger(1, uuidBytes());
        String previous = byJob.put(job.id(), transaction);
        if (previous != null) {
            forget(previous);
        }
        ScheduledFuture<?> timer = this.timer.schedule(() -> timedOut(transaction), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        Pending pending = new Pending(job.id(), institution, to.aeTitle(), Set.copyOf(uids), timer);
        byTransaction.put(transaction, pending);
        manager.inProgress(job, "waiting for the storage commitment report of " + institution + " for " + refs.size()
                + " instances (transaction " + transaction + ", asked at " + clock.instant() + ")");
        Association as;
        try {
            as = connector.connect(to.host(), to.port(), connector.request(callingAeTitle, to.aeTitle(),
                    List.of(StorageCommitment.context(1)), List.of(StorageCommitment.roleSelection()), null));
        } catch (IOException e) {
            return failedRequest(transaction, job, Failure.ofException(e));
        }
        try (as) {
            Dimse dimse = new Dimse(as);
            Status status;
            try {
                status = StorageCommitment.request(dimse, transaction, refs);
            } catch (IOException e) {
                return failedRequest(transaction, job, Failure.ofException(e));
            }
            if (!status.isSuccess()) {
                return failedRequest(transaction, job, new Failure(false, institution
                        + " refused the storage commitment request with " + status));
            }
            try {
                // Some SCPs report on the same association (PS3.4 J.3.3); most open a new one later.
                if (as.awaitInput((int) linger.toMillis())) {
                    StorageCommitment.Result result = StorageCommitment.awaitReportOnThisAssociation(dimse);
                    as.release();
                    committed(result, to.aeTitle());
                } else {
                    as.release();
                }
            } catch (IOException e) {
                // The request was accepted: the report may still come on a new association, or the timeout acts.
                LOG.log(System.Logger.Level.DEBUG, "after the storage commitment request to {0}: {1}", institution,
                        e.getMessage());
            }
        }
        return manager.get(job.id());
    }

    private static byte[] uuidBytes() {
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return b.array();
    }

    private Job failedRequest(String transaction, Job job, Failure failure) {
        forget(transaction);
        return finishQuietly(job.id(), transaction, List.of(), failure);
    }

    private Pending forget(String transaction) {
        Pending p = byTransaction.remove(transaction);
        if (p != null) {
            p.timeout().cancel(false);
            byJob.remove(p.jobId(), transaction);
        }
        return p;
    }

    /** The N-EVENT-REPORT (PS3.4 J.3.3), on whichever association it came. */
    @Override
    public void committed(StorageCommitment.Result result, String fromAeTitle) {
        Pending p = forget(result.transactionUid());
        if (p == null) {
            LOG.log(System.Logger.Level.INFO, "storage commitment report from {0} for transaction {1}, which no job"
                    + " waits for (timed out, answered already, or from before a restart); ignored", fromAeTitle,
                    result.transactionUid());
            return;
        }
        Job waiting = manager.get(p.jobId());
        if (waiting.state() != JobState.IN_PROGRESS || waiting.reason() == null
                || !waiting.reason().contains(result.transactionUid())) {
            // Handed back by a draining node (issue 22), cancelled or retried meanwhile: the job's next attempt asks
            // again, and its history does not tell a report it did not act on.
            LOG.log(System.Logger.Level.INFO, "storage commitment report from {0} for job {1}, which no longer waits"
                    + " for transaction {2} ({3}); ignored", fromAeTitle, p.jobId(), result.transactionUid(),
                    waiting.state());
            return;
        }
        if (fromAeTitle != null && !fromAeTitle.equals(p.aeTitle())) {
            // The Transaction UID is random and only known to the receiver; some archives report from another AE.
            LOG.log(System.Logger.Level.INFO, "storage commitment report for job {0} came from AE {1}, not from {2}",
                    p.jobId(), fromAeTitle, p.aeTitle());
        }
        Map<String, JobInstance> instances = new LinkedHashMap<>();
        for (JobInstance i : jobs.instances(p.jobId())) {
            instances.put(i.sopInstanceUid(), i);
        }
        List<JobInstance> changed = new ArrayList<>();
        Set<String> mentioned = new HashSet<>();
        int committed = 0;
        for (StorageCommitment.Reference r : result.committed()) {
            JobInstance i = instances.get(r.sopInstanceUid());
            // Not acknowledged: a corrected version replaced the one committed here (issue 15); it goes out again.
            if (i != null && i.acknowledged() && p.instances().contains(r.sopInstanceUid())) {
                changed.add(i.withCommitted(true));
                mentioned.add(r.sopInstanceUid());
                committed++;
            }
        }
        Failure failure = null;
        for (StorageCommitment.Failure f : result.failed()) {
            JobInstance i = instances.get(f.reference().sopInstanceUid());
            if (i == null || !p.instances().contains(f.reference().sopInstanceUid())) {
                continue;
            }
            mentioned.add(f.reference().sopInstanceUid());
            // Not committed: sent again on the next attempt (it is no longer counted as acknowledged).
            changed.add(i.answered(i.status(), false).withCommitted(false));
            Failure this1 = classify(p.institution(), f);
            if (failure == null || (this1.permanent() && !failure.permanent())) {
                failure = this1;
            }
        }
        for (String uid : p.instances()) {
            if (!mentioned.contains(uid) && instances.containsKey(uid)) {
                // PS3.4 J.3.3: each requested instance is in one of the two sequences; one left out is not committed.
                changed.add(instances.get(uid).answered(instances.get(uid).status(), false).withCommitted(false));
                if (failure == null) {
                    failure = new Failure(false, p.institution() + "'s storage commitment report does not mention"
                            + " instance " + uid);
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "storage commitment report for job {0} from {1}: {2} committed, {3} failed",
                p.jobId(), p.institution(), committed, result.failed().size());
        // The job's history tells the report as an automatic step (issue 15).
        jobs.recordEvent(p.jobId(), "system", "commitment", "storage commitment report of " + p.institution() + ": "
                + committed + " committed, " + result.failed().size() + " not committed (transaction "
                + result.transactionUid() + ")", clock.instant());
        Job after = finishQuietly(p.jobId(), result.transactionUid(), changed, failure);
        if (committed > 0) {
            cleanup.removeDelivered(after, true);
        }
    }

    /**
     * PS3.4 J.3.2.1.1.2: "no such object instance", "processing failure", "resource limitation" and a
     * duplicate Transaction UID may pass when the instance is sent again and a new request is made; a SOP
     * class the receiver does not support, or a class/instance conflict, will not.
     */
    static Failure classify(String institution, StorageCommitment.Failure f) {
        String what = institution + " did not commit instance " + f.reference().sopInstanceUid() + ": ";
        switch (f.reason()) {
            case StorageCommitment.NO_SUCH_OBJECT_INSTANCE:
                return new Failure(false, what + "no such object instance (0x0112)");
            case StorageCommitment.PROCESSING_FAILURE:
                return new Failure(false, what + "processing failure (0x0110)");
            case StorageCommitment.RESOURCE_LIMITATION:
                return new Failure(false, what + "resource limitation (0x0213)");
            case StorageCommitment.DUPLICATE_TRANSACTION_UID:
                return new Failure(false, what + "duplicate transaction UID (0x0131)");
            case StorageCommitment.REFERENCED_SOP_CLASS_NOT_SUPPORTED:
                return new Failure(true, what + "the SOP class " + f.reference().sopClassUid()
                        + " is not supported (0x0122); the receiver must accept it before the job is retried");
            case StorageCommitment.CLASS_INSTANCE_CONFLICT:
                return new Failure(true, what + "class/instance conflict (0x0119); check the object");
            default:
                return new Failure(true, what + String.format("failure reason 0x%04X", f.reason())
                        + ", which PS3.4 J.3.2.1.1.2 does not define; ask the receiver");
        }
    }

    private void timedOut(String transaction) {
        Pending p = forget(transaction);
        if (p == null) {
            return;
        }
        finishQuietly(p.jobId(), transaction, List.of(), new Failure(false, "no storage commitment report from " + p.institution()
                + " within " + timeout + " (transaction " + transaction + ")"));
    }

    /**
     * Finishes the job unless it no longer waits for this transaction: a person cancelled or retried it
     * meanwhile (a retried job being sent again is IN_PROGRESS too, but its reason names no transaction).
     */
    private Job finishQuietly(long jobId, String transaction, List<JobInstance> changed, Failure failure) {
        Job job = manager.get(jobId);
        if (job.state() != JobState.IN_PROGRESS || job.reason() == null || !job.reason().contains(transaction)) {
            LOG.log(System.Logger.Level.INFO, "job {0} ({1}) no longer waits for storage commitment transaction {2}",
                    jobId, job.state(), transaction);
            return job;
        }
        try {
            return manager.finish(job, changed, failure);
        } catch (IllegalJobTransitionException e) {
            return manager.get(jobId);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package nl.zorgbrug.gateway.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The job manager's rules: which job an arriving instance joins, how a delivery outcome moves a
 * job, and what people may do (retry, cancel, release from hold). Every action by a person is
 * recorded with the user. Storage is behind {@link JobRepository}. The methods that change a job are
 * synchronized: a node has one manager, and an instance may join a job while it is being delivered;
 * the delivery's network I/O happens between {@link #start} and {@link #finish}, outside the lock.
 *
 * <p>Every change of a job's state, every delivery acknowledged and every person's action is told to its
 * {@link JobEvents} (the gateway's events port) in the same unit of work as the change ({@link Transactions}), so a durable listener (the
 * audit trail) gets it exactly when the change is kept.
 */
public final class JobManager {
    private final JobRepository jobs;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Transactions transactions;
    private final JobAlerts alerts;
    private final JobEvents events;
    private final Leases leases;
    /** The jobs this node claimed and whose lease it has not ended: their changes by the delivery check the lease. */
    private final java.util.Set<Long> held = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Jobs whose lease this node lost while it held them: a delivery still running for one records nothing more
     * ({@link LeaseLostException}) until this node claims the job again.
     */
    private final java.util.Set<Long> lost = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public JobManager(JobRepository jobs, RetryPolicy retry, Clock clock) {
        this(jobs, retry, clock, Transactions.none(), JobAlerts.logged());
    }

    public JobManager(JobRepository jobs, RetryPolicy retry, Clock clock, Transactions transactions, JobAlerts alerts) {
        this(jobs, retry, clock, transactions, alerts, JobEvents.none());
    }

    /**
     * @param transactions each change of the manager (and {@link #atomically}) is one unit of these
     * @param alerts       told of every job that FAILED or was HELD
     * @param events       where the manager publishes state changes, deliveries and people's actions
     */
    public JobManager(JobRepository jobs, RetryPolicy retry, Clock clock, Transactions transactions, JobAlerts alerts,
                      JobEvents events) {
        this(jobs, retry, clock, transactions, alerts, events, Leases.alone("local"));
    }

    /** @param leases this node's name and its leases on the jobs it delivers (issue 22: several nodes, one database) */
    public JobManager(JobRepository jobs, RetryPolicy retry, Clock clock, Transactions transactions, JobAlerts alerts,
                      JobEvents events, Leases leases) {
        this.leases = Objects.requireNonNull(leases);
        this.jobs = Objects.requireNonNull(jobs);
        this.retry = Objects.requireNonNull(retry);
        this.clock = Objects.requireNonNull(clock);
        this.transactions = Objects.requireNonNull(transactions);
        this.alerts = Objects.requireNonNull(alerts);
        this.events = Objects.requireNonNull(events);
    }

    /** Saves a job that now needs a person, and raises the alert. */
    private Job alerting(Job before, Job needsPerson) {
        Job saved = save(before, needsPerson);
        alerts.raised(saved);
        return saved;
    }

    /** {@link #alerting} by the delivery that holds the job's lease ({@link #saveAsHolder}). */
    private Job alertingAsHolder(Job before, Job needsPerson) {
        Job saved = saveAsHolder(before, needsPerson, true, false);
        alerts.raised(saved);
        return saved;
    }

    /**
     * Saves a job and, when its state changed ({@code before} null: it is new), publishes the change and writes it
     * into the job's history as an automatic step (issue 15: the history lists every automatic step, not only
     * people's actions).
     */
    private Job save(Job before, Job next) {
        return save(before, next, true);
    }

    /** @param history false where the caller writes the step into the history itself (a person's action) */
    private Job save(Job before, Job next, boolean history) {
        return told(before, jobs.save(next), history);
    }

    /**
     * Saves a change the delivery of a job makes (issue 22): for a job this node claimed, only while its lease holds
     * (checked in the UPDATE itself); the lease ends with the change unless the job stays IN_PROGRESS or
     * {@code keepLease}. A job this node did not claim (tests, a person's send that fails at once) is saved as any.
     *
     * @throws LeaseLostException when this node no longer holds the lease: nothing was saved or told
     */
    private Job saveAsHolder(Job before, Job next, boolean history, boolean keepLease) {
        if (!claimed(next.id())) {
            return save(before, next, history);
        }
        boolean keep = keepLease || next.state() == JobState.IN_PROGRESS;
        Instant now = clock.instant();
        if (!jobs.saveLeased(next, leases.nodeId(), leases.mustOutlast(now), keep)) {
            throw lost(next.id(), "the change " + (before == null ? "" : before.state() + " -> ") + next.state());
        }
        if (!keep) {
            held.remove(next.id());
        }
        return told(before, next, history);
    }

    private boolean claimed(long jobId) {
        return held.contains(jobId) || lost.contains(jobId);
    }

    private LeaseLostException lost(long jobId, String what) {
        held.remove(jobId);
        lost.add(jobId);
        return new LeaseLostException(jobId, leases.nodeId(), what);
    }

    /** Publishes a saved change of state and writes it into the job's history. */
    private Job told(Job before, Job saved, boolean history) {
        if (before == null || before.state() != saved.state()) {
            events.stateChanged(before, saved);
            if (history) {
                jobs.recordEvent(saved.id(), SYSTEM, step(before, saved), stepDetail(before, saved), saved.updated());
            }
        }
        return saved;
    }

    /** Who the history names for what the node did by itself. */
    public static final String SYSTEM = "system";

    /** The history's word for a change of state. */
    private static String step(Job before, Job after) {
        if (before == null) {
            return "opened";
        }
        return switch (after.state()) {
            case IN_PROGRESS -> "attempt";
            case DONE -> "done";
            case FAILED -> "failed";
            case HELD -> "held";
            case WAITING -> before.state() == JobState.DONE ? "reopened" : "waiting";
            case CANCELLED -> "cancelled";
        };
    }

    private static String stepDetail(Job before, Job after) {
        String why = after.reason() == null ? "" : ": " + after.reason();
        if (before == null) {
            return "routed to " + after.destination() + " (" + after.direction() + ")";
        }
        return switch (after.state()) {
            case IN_PROGRESS -> "attempt " + (after.attempts() + 1) + " to " + after.destination() + " started";
            case DONE -> before.state() + " -> DONE: every instance acknowledged by " + after.destination();
            case WAITING -> before.state() == JobState.DONE ? "an instance joined after delivery" + why
                    : before.state() + " -> WAITING" + why;
            default -> before.state() + " -> " + after.state() + why;
        };
    }

    /** Records a person's action with the job (its own history) and publishes it (the audit trail). */
    private void person(Job job, String user, String action, String why, Instant now) {
        jobs.recordEvent(job.id(), user, action, why, now);
        events.personAction(user, action, why, job.id(), job.studyInstanceUid(), now);
    }

    /** Where this manager tells of changes, for the gateway's other publishers that share its units (the desk). */
    public JobEvents events() {
        return events;
    }

    /**
     * Runs several job changes as one unit: under the manager's lock, so no delivery outcome or other
     * arrival interleaves (a job read inside is current when it is saved), and in one transaction.
     *
     * <p>The lock is taken inside the transaction and released before its commit (issue 22). On PostgreSQL a commit
     * is a disk flush; held under the lock, every receiving thread of the node waited for the others' flushes one
     * after the other, so concurrent associations could never share one (group commit). What the lock protects
     * holds without it between the work and the commit: a change of state reads the job's row with
     * {@link JobRepository#findForUpdate} (as it must for several nodes on one database), so a unit that comes next
     * waits for this commit and then reads the row as committed; and the outbox's readers allow for ids committed out
     * of order (issue 22's commit-order gap). Inside a unit already running this is the lock alone, as before.
     */
    public <T> T atomically(java.util.function.Supplier<T> work) {
        return transactions.inOne(() -> {
            synchronized (this) {
                return work.get();
            }
        });
    }

    /** {@link #accept(String, String, Direction, String, JobInstance, Duration)} without a quiet time. */
    public Job accept(String studyInstanceUid, String destination, Direction direction, String accessionNumber,
                      JobInstance instance) {
        return accept(studyInstanceUid, destination, direction, accessionNumber, instance, Duration.ZERO);
    }

    /**
     * An instance was spooled for a study and destination: it joins the current job for them (a DONE
     * job is reopened), or opens a new one. A resent instance (same SOP Instance UID) is not added
     * twice, so a duplicate send is delivered once; a resend with other content is a correction
     * ({@link #accept(String, String, Direction, String, JobInstance, Duration, boolean)}).
     *
     * <p>Study completeness (issue 5): the job is not due before {@code quiet} has passed without a new
     * instance, so a receiver is not told about a study whose first image alone has arrived. Emergency
     * routes pass {@link Duration#ZERO}: each instance goes out as soon as it is spooled.
     */
    public synchronized Job accept(String studyInstanceUid, String destination, Direction direction, String accessionNumber,
                      JobInstance instance, Duration quiet) {
        return accept(studyInstanceUid, destination, direction, accessionNumber, instance, quiet, true);
    }

    /**
     * As {@link #accept(String, String, Direction, String, JobInstance, Duration)}, for an instance the spool has
     * just received. When the job has this SOP Instance UID already with other content (issue 15: a PACS sends a
     * corrected object — another patient, other pixels — with the same UID), the job's instance points at the new
     * version from now on and is delivered (again) whatever became of the earlier one, which stays in the spool
     * until then; the job's history and the gateway events say so. When the patient differs between the versions
     * (Patient ID, issuer or BSN, {@link PatientKey}) the job is HELD for a person, with a reason that says so.
     *
     * @param spooledAsDuplicate the spool found the object byte-identical to the newest version it holds; decides
     *                           only for instances recorded before digests were kept
     */
    public synchronized Job accept(String studyInstanceUid, String destination, Direction direction, String accessionNumber,
                      JobInstance instance, Duration quiet, boolean spooledAsDuplicate) {
        return admit(studyInstanceUid, destination, direction, accessionNumber, instance, quiet, spooledAsDuplicate)
                .job();
    }

    /**
     * As {@link #accept(String, String, Direction, String, JobInstance, Duration, boolean)}, and says whether the job
     * had delivered this very object already (the intake then drops the spooled copy, issue 15). The job knows that
     * from its own look-up of the instance, which it makes only when the instance was not new to it: a new one needs
     * no look-up at all (issue 22: one statement less per image than asking the repository again for every object).
     */
    public synchronized Admission admit(String studyInstanceUid, String destination, Direction direction,
                                        String accessionNumber, JobInstance instance, Duration quiet,
                                        boolean spooledAsDuplicate) {
        return transactions.inOne(() -> acceptNow(studyInstanceUid, destination, direction, accessionNumber, instance,
                quiet, spooledAsDuplicate));
    }

    /**
     * An instance as it joined its job ({@link #admit}).
     *
     * @param job              the job as it is now
     * @param deliveredAlready the job held this SOP Instance UID, acknowledged by the receiver, with the same digest as
     *                         the object offered: a byte-identical resend of what it delivered (never true for an
     *                         instance new to the job, nor for a correction, whose digest differs)
     */
    public record Admission(Job job, boolean deliveredAlready) {
    }

    private Admission acceptNow(String studyInstanceUid, String destination, Direction direction, String accessionNumber,
                          JobInstance instance, Duration quiet, boolean spooledAsDuplicate) {
        Instant now = clock.instant();
        Job job = current(studyInstanceUid, destination, direction, () -> Job.open(studyInstanceUid, destination,
                direction, accessionNumber, null, null, now));
        JobInstance offered = instance.inJob(job.id()).answered(JobInstance.NOT_SENT, false).withCommitted(false);
        boolean added = jobs.addInstance(offered);
        if (!added) {
            JobInstance before = jobs.instancesBySopInstanceUid(offered.sopInstanceUid()).stream()
                    .filter(i -> i.jobId() == job.id()).findFirst().orElse(null);
            if (before == null || !before.differsFrom(offered, spooledAsDuplicate)) {
                // The same object again. One still to be sent (a person sends a delivered study again, sendAgain)
                // counts as arrived: the job waits its quiet time from now, not the announcement's ten minutes.
                boolean delivered = before != null && before.acknowledged() && offered.digest() != null
                        && offered.digest().equals(before.digest());
                return new Admission(before != null && !before.acknowledged() ? joined(job, quiet, now) : job,
                        delivered);
            }
            return new Admission(correct(job, before, offered, quiet, now), false);
        }
        return new Admission(joined(job, quiet, now), false);
    }

    /**
     * The current job for a study, destination and direction, kept for this unit of work; a new one ({@code opening})
     * when there is none. Issue 22, several nodes on one database: the job's row is locked, so a delivery on another
     * node changes it only after this unit, and when there is no job yet the key is locked first
     * ({@link JobRepository#lockOpening}), so two nodes receiving a new study at once open one job, not two.
     */
    private Job current(String studyInstanceUid, String destination, Direction direction,
                        java.util.function.Supplier<Job> opening) {
        // One statement finds and locks the job (issue 22: it was a look-up, then a read of its row for update).
        java.util.Optional<Job> open = jobs.findOpenForUpdate(studyInstanceUid, destination, direction);
        if (open.isEmpty()) {
            jobs.lockOpening(studyInstanceUid, destination, direction);
            open = jobs.findOpenForUpdate(studyInstanceUid, destination, direction);
        }
        return open.orElseGet(() -> save(null, opening.get()));
    }

    /** An instance joined the job (or was corrected): a DONE job reopens, a WAITING one waits its quiet time again. */
    private Job joined(Job job, Duration quiet, Instant now) {
        if (job.state() != JobState.DONE && job.state() != JobState.WAITING) {
            // In progress (emergency mode: being sent right now), held or failed: the instance joins, the job is as it was.
            return job;
        }
        Job updated = job.state() == JobState.DONE ? job.withState(JobState.WAITING, null, now) : job;
        if (updated.state() == JobState.WAITING) {
            Instant due = now.plus(quiet);
            Instant notBefore = updated.attempts() > 0 && updated.notBefore().isAfter(due) ? updated.notBefore() : due;
            updated = updated.withNotBefore(notBefore, now);
        }
        return save(job, updated);
    }

    /**
     * A corrected object replaces the job's instance (issue 15). An answer still on its way for the earlier version
     * does not count for the new one ({@link JobRepository#updateInstance}).
     */
    private Job correct(Job job, JobInstance before, JobInstance offered, Duration quiet, Instant now) {
        JobInstance corrected = before.corrected(offered);
        jobs.correctInstance(corrected);
        List<PatientKey.Part> patient = PatientKey.differences(before.patient(), offered.patient());
        // Spool versions count from 1 again once a delivered original has left the spool: name them only while the
        // earlier one is still there, beside the new one.
        String what = "instance " + before.sopInstanceUid() + " was sent again with other content"
                + (before.acknowledged() ? "; the version delivered before is replaced, the new one is delivered again"
                : "; version " + corrected.version() + " replaces version " + before.version() + ", which was not"
                + " delivered and stays in the spool until the new version is")
                + (patient.isEmpty() ? "" : "; the patient differs (" + words(patient) + ")");
        jobs.recordEvent(job.id(), "system", "corrected", what, now);
        events.corrected(job, before, corrected, patient, now);
        if (patient.isEmpty()) {
            return joined(job, quiet, now);
        }
        String reason = "PATIENT_CHANGED_BY_CORRECTION: instance " + before.sopInstanceUid() + " was sent again with"
                + " another patient (" + words(patient) + " differ from the earlier version); check which patient the"
                + " study belongs to before releasing it / instance " + before.sopInstanceUid() + " is opnieuw gestuurd"
                + " met een andere patiënt (" + woorden(patient) + " verschillen van de eerdere versie); controleer bij"
                + " welke patiënt de studie hoort voordat u hem vrijgeeft";
        Job current = job;
        if (!current.state().canMoveTo(JobState.HELD) && current.state().canMoveTo(JobState.WAITING)) {
            current = save(current, current.withState(JobState.WAITING, null, now));
        }
        if (!current.state().canMoveTo(JobState.HELD)) {
            // HELD already (the person who releases it reads the history) or cancelled.
            return current;
        }
        return alerting(current, current.withState(JobState.HELD, reason, now));
    }

    private static String words(List<PatientKey.Part> parts) {
        return String.join(", ", parts.stream().map(p -> switch (p) {
            case PATIENT_ID -> "Patient ID";
            case ISSUER -> "issuer of the Patient ID";
            case BSN -> "BSN";
        }).toList());
    }

    private static String woorden(List<PatientKey.Part> parts) {
        return String.join(", ", parts.stream().map(p -> switch (p) {
            case PATIENT_ID -> "patiënt-ID";
            case ISSUER -> "uitgever van het patiënt-ID";
            case BSN -> "BSN";
        }).toList());
    }

    /**
     * A person sends a study (issue 5): the job is opened before its instances arrive, with the sender's
     * remark and referral reason, which travel with the job. It waits until its instances are in.
     */
    public synchronized Job announce(String studyInstanceUid, String destination, Direction direction, String remark,
                                     String referralReason, String user) {
        return transactions.inOne(() -> {
            Instant now = clock.instant();
            Job job = current(studyInstanceUid, destination, direction, () -> Job.open(studyInstanceUid, destination,
                    direction, null, remark, referralReason, now));
            Job reopened = job;
            if (job.state() == JobState.DONE) {
                sendAgain(job, now);
                reopened = job.sentAgain(now);
            }
            Job announced = reopened.withRemarks(remark, referralReason, now)
                    .withNotBefore(now.plus(Duration.ofMinutes(10)), now);
            Job saved = save(job, announced);
            person(saved, user, "send", "to " + destination
                    + (referralReason == null || referralReason.isBlank() ? "" : ", referral: " + referralReason), now);
            return saved;
        });
    }

    /**
     * A person sends a study the destination has had (the receiver lost it; a second download link, issue 21): every
     * instance goes again, from the copy the PACS now sends. Left acknowledged, the reopened job would find nothing to
     * send and be DONE again at once, and the PACS's byte-identical copy would only be a duplicate.
     */
    private void sendAgain(Job job, Instant now) {
        int again = 0;
        for (JobInstance i : jobs.instances(job.id())) {
            if (i.acknowledged()) {
                jobs.updateInstance(i.answered(JobInstance.NOT_SENT, false).withCommitted(false));
                again++;
            }
        }
        if (again > 0) {
            jobs.recordEvent(job.id(), SYSTEM, "again", again + " instance(s) delivered before go again, as the PACS"
                    + " sends them anew", now);
        }
    }

    /**
     * Study completeness without waiting for the quiet time (issue 5): the sender has told us which
     * instances make up the study (a count it announced, or the list in its storage commitment
     * request), and all of them are in. A WAITING job that was not yet due becomes due now; a job in
     * any other state, or one waiting for a retry, is left as it is. Returns the job as it is now.
     */
    public synchronized Job markComplete(long jobId, String why) {
        Job job = get(jobId);
        Instant now = clock.instant();
        if (job.state() != JobState.WAITING || job.attempts() > 0 || !job.notBefore().isAfter(now)) {
            return job;
        }
        Job due = jobs.save(job.withNotBefore(now, now));
        jobs.recordEvent(jobId, "system", "complete", why, now);
        return due;
    }

    /**
     * The remark and referral reason of a job set from elsewhere than a person's send: on an import job, from
     * the sending Zorgbrug node's study manifest (issue 5: they travel with the job and are shown to the
     * receiver). Null leaves a value as it is. Returns the job as it is now.
     */
    public synchronized Job annotate(long jobId, String remark, String referralReason, String source) {
        Job job = get(jobId);
        Instant now = clock.instant();
        String newRemark = remark != null ? remark : job.remark();
        String newReferral = referralReason != null ? referralReason : job.referralReason();
        if (Objects.equals(newRemark, job.remark()) && Objects.equals(newReferral, job.referralReason())) {
            return job;
        }
        Job saved = jobs.save(job.withRemarks(newRemark, newReferral, now));
        jobs.recordEvent(jobId, "system", "remark", "from " + source, now);
        return saved;
    }

    /**
     * Records the BSN verdict of what an attempt sent, after the route's edits (issue 15: what is measured must be
     * what was sent): the job keeps the worst of what it sent, beside the verdict of what arrived. Returns the job as
     * it is now.
     */
    public synchronized Job recordVerdictSent(Job job, nl.zorgbrug.bsn.classify.Verdict sent) {
        if (sent == null) {
            return job;
        }
        return transactions.inOne(() -> {
            Job current = jobs.findForUpdate(job.id()).orElse(job);
            nl.zorgbrug.bsn.classify.Verdict before = current.bsnVerdictSent();
            nl.zorgbrug.bsn.classify.Verdict worst = before == null || before == nl.zorgbrug.bsn.classify.Verdict.CORRECT
                    ? sent : before;
            if (worst == before) {
                return current;
            }
            return saveAsHolder(current, current.withVerdictSent(worst, clock.instant()), true, true);
        });
    }

    /**
     * Records the channel a transport delivers the job by (issue 21: the job manager shows and filters by it); saved
     * only when it changed (an address-book entry given another endpoint). Returns the job as it is now.
     */
    public synchronized Job deliveringBy(Job job, Channel channel) {
        if (job.channel() == channel) {
            return job;
        }
        return transactions.inOne(() -> {
            Job current = jobs.findForUpdate(job.id()).orElse(job);
            return saveAsHolder(current, current.withChannel(channel, clock.instant()), true, true);
        });
    }

    /**
     * The scheduler takes a due job: WAITING, or FAILED with its automatic retry due. The reason is cleared
     * here; whoever needs the previous one (why the last attempt ended) reads it from the job it was handed.
     */
    public synchronized Job start(Job job) {
        try {
            return transactions.inOne(() -> startNow(job));
        } catch (IllegalJobTransitionException movedOn) {
            // A person cancelled or held it between the claim and the start: the claim ends here.
            letGo(job.id());
            throw movedOn;
        }
    }

    private Job startNow(Job job) {
        Job current = jobs.findForUpdate(job.id()).orElse(job);
        Instant now = clock.instant();
        if (current.state() == JobState.IN_PROGRESS && claimed(job.id())) {
            // Claimed after the node that held it stopped renewing its lease (issue 22): its attempt ended there.
            current = saveAsHolder(current, current.withState(JobState.WAITING, "taken over by node "
                    + leases.nodeId() + ": the node delivering it stopped renewing its lease", now), true, true);
        }
        Job started = saveAsHolder(current, current.withState(JobState.IN_PROGRESS, null, now),
                current.state() != JobState.FAILED, false);
        if (current.state() == JobState.FAILED) {
            jobs.recordEvent(job.id(), "system", "auto-retry", "FAILED -> IN_PROGRESS, attempt "
                    + (current.attempts() + 1) + " of " + retry.maxAttempts(), now);
        }
        return started;
    }

    /**
     * Claims due jobs for this node (issue 22), and jobs whose holder stopped renewing its lease; the runner delivers
     * them. Every change the delivery makes then checks the lease ({@link LeaseLostException} when it is gone).
     */
    public List<Job> claim(Instant now, int limit) {
        List<Job> claimed = transactions.inOne(() -> jobs.claim(now, limit, leases.nodeId(), leases.until(now)));
        for (Job job : claimed) {
            lost.remove(job.id());
            held.add(job.id());
        }
        return claimed;
    }

    /**
     * Renews the lease of every job this node holds; returns the jobs whose lease it lost (a delivery still running
     * for one stops). A renewal the database does not answer throws, and the leases are tried again next time.
     */
    public java.util.Set<Long> renewLeases() {
        Instant now = clock.instant();
        java.util.Set<Long> gone = new java.util.HashSet<>();
        for (Long id : List.copyOf(held)) {
            if (!jobs.renewLease(id, leases.nodeId(), leases.mustOutlast(now), leases.until(now))) {
                lost(id, "a renewal");
                gone.add(id);
            }
        }
        return gone;
    }

    /** Ends this node's lease of a job it claimed but does not deliver after all; nothing else changes. */
    public void letGo(long jobId) {
        if (!held.remove(jobId)) {
            return;
        }
        transactions.inOne(() -> {
            jobs.findForUpdate(jobId).ifPresent(j -> jobs.saveLeased(j, leases.nodeId(), clock.instant(), false));
            return null;
        });
    }

    /** This node's name and leases. */
    public Leases leases() {
        return leases;
    }

    /**
     * Records what the receiver answered for each instance sent in this attempt. The job is DONE only
     * when every instance of it is acknowledged (issue 5: never on a failure status or an unexpected
     * warning). A transient failure makes the job FAILED with an automatic retry pending after the backoff
     * (the reason says when, and which retry of the maximum it is) and raises no alert: it is expected to heal.
     * A permanent failure, or running out of attempts, makes it FAILED with none pending, and raises the alert.
     */
    public synchronized Job finish(Job job, List<JobInstance> answered, Failure failure) {
        return finish(job, answered, failure, 0);
    }

    /**
     * As {@link #finish(Job, List, Failure)}, where the transport recorded {@code acknowledgedMeanwhile} more
     * acknowledgements itself while it sent (through its shipment, at once): they count for the {@code Delivered}
     * event and the job's history.
     */
    public synchronized Job finish(Job job, List<JobInstance> answered, Failure failure, int acknowledgedMeanwhile) {
        return transactions.inOne(() -> finishNow(job, answered, failure, acknowledgedMeanwhile));
    }

    /**
     * The delivery stopped between two instances because this node is draining (issue 22): its answers are recorded
     * and nothing is on the wire. The job is WAITING again, due at once, with its lease cleared in the same statement,
     * so another node claims it at its next look instead of after the lease; the attempt is not counted (nothing
     * failed). A job a person held or cancelled meanwhile stays as they left it, as in {@link #finish}.
     *
     * @throws LeaseLostException when this node no longer holds the lease: the job is the next holder's already
     */
    public synchronized Job handBack(Job job, int acknowledgedMeanwhile, String why) {
        return transactions.inOne(() -> {
            Instant now = clock.instant();
            Job current = jobs.findForUpdate(job.id()).orElse(job);
            if (acknowledgedMeanwhile > 0) {
                events.delivered(current, acknowledgedMeanwhile, now);
                jobs.recordEvent(job.id(), SYSTEM, "delivered", acknowledgedMeanwhile + " instance"
                        + (acknowledgedMeanwhile == 1 ? "" : "s") + " acknowledged by " + current.destination(), now);
            }
            if (current.state() != JobState.IN_PROGRESS) {
                return saveAsHolder(current, current, true, false);
            }
            return saveAsHolder(current, current.withState(JobState.WAITING, "handed back: " + why, now)
                    .withNotBefore(now, now), true, false);
        });
    }

    /**
     * The node is draining (issue 22): the jobs it holds that wait IN_PROGRESS for something after their transfer — a
     * storage commitment report (PS3.4 J.3.3), an SFTP receipt — and that no delivery of this node works on are handed
     * back instead of staying held until their leases pass: WAITING, due now, the lease cleared in the same statement,
     * no attempt counted (nothing failed). What the next holder needs is in the job's instances: acknowledged, not yet
     * committed. It sends nothing again and asks for the commitment again (a new transaction), or waits for the receipt
     * of the package already in the drop. A report or receipt that reaches this node afterwards finds the job no longer
     * waiting for it and is left alone. A job whose lease this node lost meanwhile is the next holder's already.
     *
     * @param delivering the jobs whose delivery still runs on this node (handed back by their delivery, if at all)
     * @return the jobs handed back, as they are now
     */
    public List<Job> handBackWaiting(java.util.Set<Long> delivering, String why) {
        List<Job> back = new java.util.ArrayList<>();
        for (Long id : List.copyOf(held)) {
            if (delivering.contains(id)) {
                continue;
            }
            try {
                Job after = handBackIfWaiting(id, why);
                if (after != null) {
                    back.add(after);
                }
            } catch (LeaseLostException gone) {
                // Another node holds it already (or will at its next claim): not ours to hand back.
            }
        }
        return back;
    }

    private synchronized Job handBackIfWaiting(long jobId, String why) {
        return transactions.inOne(() -> {
            Job current = jobs.findForUpdate(jobId).orElse(null);
            // IN_PROGRESS with a reason is waiting after its transfer (inProgress); one being sent has none.
            if (current == null || current.state() != JobState.IN_PROGRESS || current.reason() == null) {
                return null;
            }
            Instant now = clock.instant();
            return saveAsHolder(current, current.withState(JobState.WAITING, "handed back: " + why + "; it was "
                    + current.reason(), now).withNotBefore(now, now), true, false);
        });
    }

    private Job finishNow(Job job, List<JobInstance> answered, Failure failure, int acknowledgedMeanwhile) {
        Instant now = clock.instant();
        int acknowledged = acknowledgedMeanwhile;
        for (JobInstance i : answered) {
            recordInstance(i);
            acknowledged += i.acknowledged() ? 1 : 0;
        }
        // Re-read: instances may have joined the job while it was being sent.
        Job current = jobs.findForUpdate(job.id()).orElse(job);
        if (acknowledged > 0) {
            events.delivered(current, acknowledged, now);
            jobs.recordEvent(job.id(), SYSTEM, "delivered", acknowledged + " instance" + (acknowledged == 1 ? "" : "s")
                    + " acknowledged by " + current.destination(), now);
        }
        if (current.state() == JobState.HELD || current.state() == JobState.CANCELLED) {
            // Held by a rule (a corrected object of another patient arrived) or cancelled by a person while it was
            // being sent: the attempt counts, the job stays as they left it.
            return saveAsHolder(current, current.withAttempt(current.notBefore(), now), true, false);
        }
        Job attempted = current.withAttempt(now, now);
        if (failure == null) {
            boolean all = jobs.unacknowledged(job.id()).isEmpty();
            if (all) {
                return saveAsHolder(current, attempted.withState(JobState.DONE, null, now), true, false);
            }
            // New instances arrived while sending: go round again at once.
            return saveAsHolder(current, attempted.withState(JobState.WAITING, null, now), true, false);
        }
        if (failure.permanent()) {
            return alertingAsHolder(current, attempted.withState(JobState.FAILED, failure.reason(), now));
        }
        if (retry.exhausted(attempted.attempts())) {
            return alertingAsHolder(current, attempted.withState(JobState.FAILED,
                    failure.reason() + " — gave up after " + attempted.attempts() + " attempts", now));
        }
        Instant next = now.plus(retry.delayAfter(attempted.attempts()));
        // The first attempt is no retry: of maxAttempts attempts, maxAttempts - 1 are automatic retries.
        String why = failure.reason() + AUTOMATIC_RETRY + attempted.attempts() + " of " + (retry.maxAttempts() - 1)
                + " at " + time(next, now);
        return saveAsHolder(current, attempted.withState(JobState.FAILED, why, now).withAutomaticRetry(next, now), true,
                false);
    }

    /** Where the reason of a FAILED job with an automatic retry pending says when it is retried. */
    private static final String AUTOMATIC_RETRY = " — automatic retry ";

    /** A moment for a person, in UTC like the rest of the console: the time, and the date too when not today. */
    private static String time(Instant at, Instant now) {
        java.time.ZonedDateTime t = at.atZone(java.time.ZoneOffset.UTC);
        boolean today = t.toLocalDate().equals(now.atZone(java.time.ZoneOffset.UTC).toLocalDate());
        return java.time.format.DateTimeFormatter.ofPattern(today ? "HH:mm:ss 'UTC'" : "yyyy-MM-dd HH:mm:ss 'UTC'")
                .format(t);
    }

    /**
     * After a restart: jobs that were IN_PROGRESS when the node stopped are WAITING again (their
     * acknowledged instances are not sent again). Returns how many were recovered.
     */
    public synchronized int recoverInterrupted() {
        return transactions.inOne(() -> {
            Instant now = clock.instant();
            int n = 0;
            // Issue 22: not the jobs another live node holds; those whose holder died are taken over by a claim.
            for (Job job : jobs.interrupted(leases.nodeId(), now)) {
                save(job, job.withState(JobState.WAITING, "interrupted by a restart of the node", now));
                n++;
            }
            return n;
        });
    }

    /**
     * A delivery that broke off with an exception (the database refused to record its outcome, a full disk, a bug in
     * a transport) left its job IN_PROGRESS, which no runner takes again before a restart: it is WAITING again, as
     * after a restart ({@link #recoverInterrupted}), so its acknowledged instances are not sent again. A job that
     * moved on meanwhile, or that awaits a storage commitment report (IN_PROGRESS with that reason), stays as it is.
     */
    public synchronized void returnBrokenOff(long jobId, String why) {
        transactions.inOne(() -> {
            Job current = jobs.findForUpdate(jobId).orElse(null);
            if (current != null && current.state() == JobState.IN_PROGRESS && current.reason() == null) {
                saveAsHolder(current, current.withState(JobState.WAITING, "the delivery broke off (" + why + "); it is"
                        + " taken again", clock.instant()), true, false);
            }
            return null;
        });
    }

    /** A rule or a check puts the job on hold for a person, with the reason in words. */
    public synchronized Job hold(Job job, String reason) {
        return transactions.inOne(() -> {
            Job current = jobs.findForUpdate(job.id()).orElse(job);
            if (current.state() == JobState.HELD) {
                // Held meanwhile for another reason (a corrected object of another patient): that reason stands; the
                // delivery's lease ends.
                return saveAsHolder(current, current, true, false);
            }
            return alertingAsHolder(current, current.withState(JobState.HELD, reason, clock.instant()));
        });
    }

    /**
     * A person retries a FAILED or HELD job now (a DONE one is refused, saying why): it is WAITING and due at
     * once, and an automatic retry that
     * was pending is dropped. The reason says who retried it after what ("retried by olga after: ..."), so the
     * delivery knows that an attempt came before.
     */
    public Job retry(long jobId, String user) {
        Job job = get(jobId);
        if (job.state() == JobState.DONE) {
            // Every instance was acknowledged and its original has left the spool: a retry would send nothing.
            throw new IllegalJobTransitionException(job, JobState.WAITING, "the receiver acknowledged every instance"
                    + " and the originals have left the spool, so a retry would send nothing; to send the study again,"
                    + " use Send study (the PACS sends it again)");
        }
        return act(jobId, user, "retry", JobState.WAITING);
    }

    /** A person releases a HELD job after checking it. */
    public synchronized Job release(long jobId, String user) {
        Job job = get(jobId);
        if (job.state() != JobState.HELD) {
            throw new IllegalJobTransitionException(job, JobState.WAITING);
        }
        return act(jobId, user, "release", JobState.WAITING);
    }

    public Job cancel(long jobId, String user) {
        return act(jobId, user, "cancel", JobState.CANCELLED);
    }

    /** A person's action; any change of state ends a pending automatic retry ({@link Job#withState}). */
    private synchronized Job act(long jobId, String user, String action, JobState target) {
        return transactions.inOne(() -> {
            Instant now = clock.instant();
            Job job = jobs.findForUpdate(jobId).orElseThrow(() -> new IllegalArgumentException("no job with id " + jobId));
            Job moved = job.withState(target, null, now);
            if (target == JobState.WAITING) {
                String done = action.equals("release") ? "released" : "retried";
                moved = moved.withReason(done + " by " + user + (job.reason() == null ? ""
                        : " after: " + previous(job.reason())), now).withNotBefore(now, now);
            }
            Job saved = save(job, moved, false);
            person(saved, user, action, job.state() + " -> " + target, now);
            return saved;
        });
    }

    /** A reason without the note of an automatic retry, which a person's action has just dropped. */
    private static String previous(String reason) {
        int note = reason.indexOf(AUTOMATIC_RETRY);
        return note < 0 ? reason : reason.substring(0, note);
    }

    /**
     * Records why a job that is IN_PROGRESS is not finished yet — its instances were all acknowledged, and
     * the delivery waits for the receiver's storage commitment report (PS3.4 J.3.3). The job stays
     * IN_PROGRESS, never DONE, until {@link #finish} is called with the outcome; a job that moved on
     * meanwhile (cancelled by a person) is left as it is.
     */
    public synchronized Job inProgress(Job job, String reason) {
        return transactions.inOne(() -> {
            Instant now = clock.instant();
            Job current = jobs.findForUpdate(job.id()).orElse(job);
            if (current.state() != JobState.IN_PROGRESS) {
                return current;
            }
            Job noted = saveAsHolder(current, current.withReason(reason, now), true, true);
            jobs.recordEvent(job.id(), "system", "waiting", reason, now);
            return noted;
        });
    }

    /**
     * Records instances of a job being delivered as they are now (an answer, an on-the-wire mark) as one unit of
     * work: in the node one transaction, so one commit instead of one per instance. Not under the manager's lock,
     * like a delivery's single updates of its instances ({@link JobRepository#updateInstance}): an arrival only adds
     * instances to a job in progress, and the lock would make each send wait for the intake's units.
     */
    public void recordInstances(List<JobInstance> instances) {
        transactions.inOne(() -> {
            if (instances.size() > 1 && instances.stream().allMatch(i -> claimed(i.jobId()))) {
                // Issue 22: the delivery's answer and the next on-the-wire mark as one batch (one round trip in the
                // node), each still checking the lease in its own statement.
                Instant now = clock.instant();
                if (!jobs.updateInstancesLeased(instances, leases.nodeId(), leases.mustOutlast(now))) {
                    // The unit is rolled back with the exception: nothing of the batch stays recorded.
                    throw lost(instances.get(0).jobId(), "the answers or on-the-wire marks of instances "
                            + String.join(", ", instances.stream().map(JobInstance::sopInstanceUid).toList()));
                }
                return null;
            }
            for (JobInstance i : instances) {
                recordInstance(i);
            }
            return null;
        });
    }

    /**
     * Records one instance of a job being delivered as it is now, in one statement of its own (no unit of work around
     * it); for a job this node claimed, only while it holds the lease (issue 22).
     *
     * @throws LeaseLostException when this node no longer holds the job's lease: nothing was recorded
     */
    public void recordInstance(JobInstance i) {
        if (!claimed(i.jobId())) {
            jobs.updateInstance(i);
        } else if (!jobs.updateInstanceLeased(i, leases.nodeId(), leases.mustOutlast(clock.instant()))) {
            throw lost(i.jobId(), "the answer or on-the-wire mark of instance " + i.sopInstanceUid());
        }
    }

    public Job get(long jobId) {
        return jobs.find(jobId).orElseThrow(() -> new IllegalArgumentException("no job with id " + jobId));
    }
}

package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.Edit;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.PermanentDeliveryException;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.RouteDecision;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * What {@link JobDelivery} hands a {@link Transport} for one attempt: the job, its route, the institution,
 * and the job's instances, prepared one batch at a time by {@link #next()} — the route decides again for
 * each (the MPI may have changed since the object arrived) and gives the edits (the BSN swap) to apply on
 * the way out; the spooled original is never changed. Instances that join the job while it is being
 * delivered (an emergency route) come in a later batch. Answers are recorded at once through
 * {@link #answered}, or with the next instance's on-the-wire mark through {@link #answeredWithNextMark}: after a
 * crash, only unacknowledged instances go again.
 */
public final class Shipment {
    private final Job job;
    private final Route route;
    private final Institution institution;
    private final Spool routeSpool;
    private final JobRepository jobs;
    private final JobManager manager;
    private final Clock clock;
    private final java.util.function.BooleanSupplier handBack;
    private final Set<String> handedOut = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    /** An answer received and not yet recorded ({@link #answeredWithNextMark}); null when none waits. */
    private JobInstance unrecorded;
    private nl.zorgbrug.bsn.classify.Verdict verdictSent;
    private int acknowledged;
    private boolean swapTold;

    /** @param manager whose units of work record an answer together with the next instance's mark */
    Shipment(Job job, Route route, Institution institution, Spool routeSpool, JobRepository jobs, JobManager manager,
             Clock clock) {
        this(job, route, institution, routeSpool, jobs, manager, clock, () -> false);
    }

    /** @param handBack true once the node is draining and this delivery should stop and hand its job back */
    Shipment(Job job, Route route, Institution institution, Spool routeSpool, JobRepository jobs, JobManager manager,
             Clock clock, java.util.function.BooleanSupplier handBack) {
        this.handBack = handBack;
        this.job = job;
        this.route = route;
        this.institution = institution;
        this.routeSpool = routeSpool;
        this.jobs = jobs;
        this.manager = manager;
        this.clock = clock;
    }

    /** An instance ready to send: the job's instance, its spooled original, and the route's edits for it. */
    public record Prepared(JobInstance instance, StoreScu.FileInfo file, List<Edit> edits) {
    }

    /** The next batch: instances ready to send, or why the delivery cannot go on. */
    public sealed interface Batch {
        /** Ready to send; empty when every unacknowledged instance was handed out in this attempt. */
        record Ready(List<Prepared> instances) implements Batch {
        }

        /** The route refused an instance at delivery (Hold or Quarantine): the job must wait for a person. */
        record Refused(String reason) implements Batch {
        }

        /** An instance's original is no longer in the spool: nothing can send it. */
        record Missing(String sopInstanceUid) implements Batch {
            public Failure failure() {
                return Failure.ofException(new PermanentDeliveryException(
                        "instance " + sopInstanceUid + " is no longer in the spool"));
            }
        }
    }

    public Job job() {
        return job;
    }

    public Route route() {
        return route;
    }

    /**
     * True once the node is draining (it is being stopped, docs/scaling.md) and wants this delivery to end: a
     * transport that sends instance by instance stops after the instance whose answer it has, releases its
     * association and returns {@link Outcome.HandedBack}, so that nothing is left on the wire (in doubt) and another
     * node takes the job at once instead of after the lease. A transport that sends the study whole may ignore it.
     */
    public boolean handingBack() {
        return handBack.getAsBoolean();
    }

    public Institution institution() {
        return institution;
    }

    /** The job's unacknowledged instances not yet handed out in this attempt, prepared. */
    public Batch next() throws IOException {
        List<Prepared> ready = new ArrayList<>();
        for (JobInstance instance : jobs.unacknowledged(job.id())) {
            if (handedOut.contains(instance.sopInstanceUid())) {
                continue;
            }
            Path original = original(instance);
            if (!Files.exists(original)) {
                return new Batch.Missing(instance.sopInstanceUid());
            }
            // The route decides again at delivery: the MPI may have changed since the object arrived.
            DicomFile header = Part10Reader.read(original, StreamingEditor.HEAD_END);
            // The sender as the spool kept it, (0002,0016): the route decides as it did when the object arrived.
            String sender = header.fileMeta() == null ? null : header.fileMeta().getString(Tag.SourceApplicationEntityTitle);
            RouteDecision decision = route.decide(header.dataSet(), sender, clock.instant());
            if (decision instanceof RouteDecision.Hold h) {
                return new Batch.Refused(h.code() + ": " + h.messageEn());
            }
            if (decision instanceof RouteDecision.Quarantine q) {
                return new Batch.Refused(q.code() + ": " + q.messageEn());
            }
            RouteDecision.Forward forward = (RouteDecision.Forward) decision;
            verdictSent = worst(verdictSent, forward.verdictSent());
            if (!swapTold && !forward.edits().isEmpty()) {
                // Once per attempt, in the job's history: what the route changes on the way out (issue 15).
                swapTold = true;
                event("swapped", SwapSummary.of(header.dataSet(), forward.edits()) + "; BSN verdict of what leaves: "
                        + forward.verdictSent() + " (as it came: " + forward.verdict() + ")");
            }
            ready.add(new Prepared(instance, new StoreScu.FileInfo(original, header.sopClassUid(),
                    header.sopInstanceUid(), header.transferSyntax()), forward.edits()));
        }
        ready.forEach(p -> handedOut.add(p.instance().sopInstanceUid()));
        return new Batch.Ready(ready);
    }

    /**
     * Every batch of this attempt at once ({@link #next} until it is empty), for a transport that sends the study
     * whole (a package, a registration): one {@link Batch.Ready} with all of them, or the first refusal or missing
     * original, which ends the attempt.
     */
    public Batch all() throws IOException {
        List<Prepared> all = new ArrayList<>();
        while (true) {
            Batch batch = next();
            if (!(batch instanceof Batch.Ready ready)) {
                return batch;
            }
            if (ready.instances().isEmpty()) {
                return new Batch.Ready(all);
            }
            all.addAll(ready.instances());
        }
    }

    /**
     * The BSN verdict of what this attempt handed out to be sent, after the route's edits: the worst of its
     * instances (issue 15), null when nothing was handed out or no classifier ran.
     */
    public nl.zorgbrug.bsn.classify.Verdict verdictSent() {
        return verdictSent;
    }

    /** As the job's verdict: anything but CORRECT wins over CORRECT. */
    static nl.zorgbrug.bsn.classify.Verdict worst(nl.zorgbrug.bsn.classify.Verdict current,
                                                  nl.zorgbrug.bsn.classify.Verdict next) {
        return current == null || current == nl.zorgbrug.bsn.classify.Verdict.CORRECT ? next != null ? next : current
                : current;
    }

    /** Hands this instance out again in a later batch (e.g. on a new association that proposes its SOP class). */
    public void again(JobInstance instance) {
        handedOut.remove(instance.sopInstanceUid());
    }

    /**
     * Records that the instance is going onto the wire now, before its answer (see {@link JobInstance#onTheWire}),
     * together with the answer that waits for it ({@link #answeredWithNextMark}), in one unit of work.
     */
    public JobInstance onTheWire(JobInstance instance) {
        JobInstance marked = instance.onTheWire();
        record(marked);
        return marked;
    }

    /** Takes back {@link #onTheWire}: the instance did not leave (e.g. no presentation context for it). */
    public void notSent(JobInstance before) {
        record(before);
    }

    /** Records the receiver's answer at once. */
    public JobInstance answered(JobInstance instance, int status, boolean success) {
        JobInstance result = instance.answered(status, success);
        record(result);
        if (success) {
            acknowledged++;
        }
        return result;
    }

    /** How many instances the receiver acknowledged in this attempt, as recorded through {@link #answered}. */
    public int acknowledged() {
        return acknowledged;
    }

    /**
     * Records the receiver's answer together with the next instance's {@link #onTheWire} mark, in one unit of work
     * (in the node one commit for the two, where recording each alone took two per instance sent), or by
     * {@link #recordAnswers}. A transport that uses this records the waiting answer with {@link #recordAnswers}
     * once no instance follows (at the latest after one emergency linger), before the job's last instances (the
     * manifest is built from the acknowledged ones) and before it waits for a storage commitment report;
     * {@link JobDelivery} calls it too when the transport returns. Until it is recorded the instance stays on the
     * wire: a crash in between leaves it in doubt, which the next attempt asks the receiver about (as for an
     * instance whose answer never came), so nothing is lost and nothing is acknowledged that was not answered.
     */
    public JobInstance answeredWithNextMark(JobInstance instance, int status, boolean success) {
        recordAnswers();
        unrecorded = instance.answered(status, success);
        if (success) {
            acknowledged++;
        }
        return unrecorded;
    }

    /** Records the answer that waits for the next instance's mark ({@link #answeredWithNextMark}), if any. */
    public void recordAnswers() {
        if (unrecorded != null) {
            JobInstance answer = unrecorded;
            unrecorded = null;
            manager.recordInstance(answer);
        }
    }

    /** Records a change of an instance, with the answer that waits for it, if any, in one unit of work. */
    private void record(JobInstance changed) {
        if (unrecorded == null) {
            manager.recordInstance(changed);
            return;
        }
        JobInstance answer = unrecorded;
        unrecorded = null;
        manager.recordInstances(List.of(answer, changed));
    }

    /**
     * Records that the receiver stored the instance with a warning (PS3.4 B.2.3: 0xB000 coercion of data
     * elements, 0xB006 elements discarded, 0xB007 data set does not match SOP class): it is acknowledged, so
     * it is not sent again, and the job's events say which instance, which status and the receiver's comment.
     */
    public JobInstance answeredWithWarning(JobInstance instance, int status, String comment) {
        JobInstance result = answered(instance, status, true);
        String warning = "instance " + instance.sopInstanceUid() + " stored by the receiver with warning "
                + String.format("0x%04X", status) + " " + warningMeaning(status)
                + (comment == null || comment.isBlank() ? "" : " (" + comment + ")");
        warnings.add(warning);
        event("warning", warning);
        return result;
    }

    /** The warnings recorded in this attempt, in words ({@link #answeredWithWarning}). */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** What PS3.4 B.2.3 and PS3.7 C.4 call a warning status of a C-STORE response. */
    static String warningMeaning(int status) {
        return switch (status) {
            case 0xB000 -> "coercion of data elements";
            case 0xB006 -> "elements discarded";
            case 0xB007 -> "data set does not match SOP class";
            case 0x0001 -> "requested optional attributes are not supported";
            case 0x0107 -> "attribute list error";
            case 0x0116 -> "attribute value out of range";
            default -> "(a warning PS3.4 B.2.3 does not name)";
        };
    }

    /** Every instance of the job, as recorded now. */
    public List<JobInstance> instances() {
        return jobs.instances(job.id());
    }

    /**
     * The spooled original of an instance of this job: the version the job's instance points at (issue 15), a file
     * that never changes, so the edits decided on its head are applied to the very bytes that are sent.
     */
    public Path original(JobInstance instance) {
        return routeSpool.pathOf(job.studyInstanceUid(), instance.sopInstanceUid(), instance.version());
    }

    /** Adds an event to the job's history (shown on its page). */
    public void event(String action, String detail) {
        jobs.recordEvent(job.id(), "system", action, detail, clock.instant());
    }
}

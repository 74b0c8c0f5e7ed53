package nl.zorgbrug.transport.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.zorgbrug.gateway.delivery.SpoolCleanup;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.IllegalJobTransitionException;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Waits for a partner's receipt of a package (issue 21: "the job is DONE when the rename succeeded and, where the
 * partner writes receipts, when the receipt arrived"), for drops whose {@link SftpEndpoint#receiptTimeout} is set.
 *
 * <p>After the upload the job stays IN_PROGRESS with the reason "waiting for the receipt of package ...", its
 * originals kept in the spool, as for a storage commitment report. Every {@code pollInterval} the watch looks in the
 * drop for {@code <package>.receipt.json} (what {@link SftpInbox} writes: imported, quarantined, not taken) or
 * {@code <package>.error.txt}. A receipt makes the job DONE and lets the originals go; an error file, or no answer
 * before the timeout, is a transient failure: the automatic retry packs and uploads the study again (the partner
 * took nothing of a refused package, and takes an imported one only once). Answers are removed from the drop once
 * read, and before each upload, so an old answer never speaks for a new package of the same name.
 *
 * <p>What is awaited is kept in memory; the job's instances say the rest (acknowledged by the upload, not yet
 * committed by a receipt). A job that waited when its node restarted, drained (handed back, issue 22) or died (taken
 * over after its lease) is WAITING again, and its next delivery, here or on another node, finds nothing to send and
 * waits for the receipt of the package in the drop, from then on ({@link SftpTransport}); an answer the watch finds
 * for a job no longer waiting here is left in the drop for that delivery.
 */
public final class ReceiptWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReceiptWatch.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest answer we read: a receipt is a few hundred bytes, an error file a few lines. */
    private static final int MAX_ANSWER = 64 * 1024;

    private final Settings settings;
    private final ScheduledExecutorService timer;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    /**
     * @param cleanup      lets a job's originals leave the spool once the receipt came
     * @param knownHosts   the node's known_hosts file, as for the upload, or null
     * @param timeout      for connecting and each SFTP request
     * @param pollInterval how often the drops are looked in while something is awaited
     */
    public record Settings(JobManager manager, JobRepository jobs, SpoolCleanup cleanup, Path knownHosts,
                           Duration timeout, Duration pollInterval, Clock clock) {
    }

    /** One awaited answer. */
    private record Pending(long jobId, String institution, SftpEndpoint drop, String remotePackage,
                           Set<String> instances, Instant deadline) {
        String reason() {
            return "waiting for the receipt of package " + remotePackage + " from " + institution + " (until "
                    + deadline + ")";
        }
    }

    public ReceiptWatch(Settings settings) {
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sftp-receipts");
            t.setDaemon(true);
            return t;
        });
        long every = settings.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::lookSafely, every, every, TimeUnit.MILLISECONDS);
    }

    /** Removes an earlier attempt's answers for this package, before it is uploaded again. */
    static void clearAnswers(SftpClient sftp, String remotePackage) throws IOException {
        for (String answer : List.of(remotePackage + SftpInbox.RECEIPT, remotePackage + SftpInbox.ERROR)) {
            removeIfThere(sftp, answer);
        }
    }

    /**
     * The package is in the partner's drop: the job waits for its receipt. Returns the job as it is then.
     *
     * @param instances the SOP Instance UIDs in the package, acknowledged by the upload, committed by the receipt
     */
    public Job await(Job job, String institution, SftpEndpoint drop, String remotePackage, Set<String> instances) {
        Pending p = new Pending(job.id(), institution, drop, remotePackage, Set.copyOf(instances),
                settings.clock().instant().plus(drop.receiptTimeout()));
        pending.put(job.id(), p);
        return settings.manager().inProgress(job, p.reason());
    }

    /** Jobs waiting for a receipt (for tests and the status page). */
    public Set<Long> awaited() {
        return Set.copyOf(pending.keySet());
    }

    private void lookSafely() {
        try {
            look();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "SFTP receipts: looking for answers failed; tried again in "
                    + settings.pollInterval() + ": " + e.getMessage(), e);
        }
    }

    /** One look into every drop something is awaited from, one connection per drop. */
    void look() {
        Map<SftpEndpoint, List<Pending>> byDrop = new java.util.LinkedHashMap<>();
        for (Pending p : pending.values()) {
            byDrop.computeIfAbsent(p.drop(), d -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<SftpEndpoint, List<Pending>> e : byDrop.entrySet()) {
            try (SftpConnection c = SftpConnection.open(e.getKey(), settings.knownHosts(), settings.timeout())) {
                for (Pending p : e.getValue()) {
                    lookFor(c.sftp(), p);
                }
            } catch (IOException | RuntimeException unreachable) {
                LOG.log(System.Logger.Level.WARNING, "SFTP receipts: the drop " + e.getKey().where() + " could not be"
                        + " read (" + unreachable.getMessage() + "); tried again in " + settings.pollInterval());
                for (Pending p : e.getValue()) {
                    timeOutIfDue(p);
                }
            }
        }
    }

    private void lookFor(SftpClient sftp, Pending p) throws IOException {
        if (!stillWaiting(p)) {
            // Handed back (the node drains, issue 22) or moved on: the answer is for the job's next holder to read.
            pending.remove(p.jobId(), p);
            return;
        }
        String receipt = read(sftp, p.remotePackage() + SftpInbox.RECEIPT);
        if (receipt != null) {
            if (received(p, receipt)) {
                removeIfThere(sftp, p.remotePackage() + SftpInbox.RECEIPT);
            }
            return;
        }
        String error = read(sftp, p.remotePackage() + SftpInbox.ERROR);
        if (error != null) {
            if (refused(p, error.strip())) {
                removeIfThere(sftp, p.remotePackage() + SftpInbox.ERROR);
            }
            return;
        }
        timeOutIfDue(p);
    }

    /** Whether the job still waits for this package's answer here (IN_PROGRESS with this watch's reason). */
    private boolean stillWaiting(Pending p) {
        Job job = settings.manager().get(p.jobId());
        return job.state() == JobState.IN_PROGRESS && p.reason().equals(job.reason());
    }

    /** Returns whether the receipt finished the job here (else it is left in the drop for whoever waits for it). */
    private boolean received(Pending p, String text) {
        String summary;
        try {
            JsonNode r = JSON.readTree(text);
            summary = r.path("imported").asInt() + " imported, " + r.path("quarantined").asInt() + " quarantined, "
                    + r.path("notTaken").asInt() + " not taken";
        } catch (IOException e) {
            // The partner answered; what it wrote is for a person to read, the package arrived all the same.
            summary = "a receipt that is not JSON: " + abbreviate(text);
        }
        if (!pending.remove(p.jobId(), p) || !stillWaiting(p)) {
            return false;
        }
        List<JobInstance> committed = new ArrayList<>();
        for (JobInstance i : settings.jobs().instances(p.jobId())) {
            if (i.acknowledged() && p.instances().contains(i.sopInstanceUid())) {
                committed.add(i.withCommitted(true));
            }
        }
        settings.jobs().recordEvent(p.jobId(), JobManager.SYSTEM, "receipt", "receipt of package "
                + p.remotePackage() + " from " + p.institution() + ": " + summary, settings.clock().instant());
        Job after = finishQuietly(p, committed, null);
        if (after.state() == JobState.DONE) {
            settings.cleanup().removeDelivered(after, true);
        }
        return true;
    }

    /** Returns whether the error file failed the job here (else it is left in the drop). */
    private boolean refused(Pending p, String text) {
        if (pending.remove(p.jobId(), p) && stillWaiting(p)) {
            finishQuietly(p, notAcknowledged(p), new Failure(false, p.institution() + " refused package "
                    + p.remotePackage() + ": " + abbreviate(text) + " (sent again at the automatic retry)"));
            return true;
        }
        return false;
    }

    private void timeOutIfDue(Pending p) {
        if (settings.clock().instant().isAfter(p.deadline()) && pending.remove(p.jobId(), p)) {
            finishQuietly(p, notAcknowledged(p), new Failure(false, "no receipt of package " + p.remotePackage()
                    + " from " + p.institution() + " within " + p.drop().receiptTimeout()
                    + " (sent again at the automatic retry)"));
        }
    }

    /** The package's instances as not delivered: the retry sends them again. */
    private List<JobInstance> notAcknowledged(Pending p) {
        List<JobInstance> again = new ArrayList<>();
        for (JobInstance i : settings.jobs().instances(p.jobId())) {
            if (p.instances().contains(i.sopInstanceUid())) {
                again.add(i.answered(i.status(), false).withCommitted(false));
            }
        }
        return again;
    }

    /** Finishes the job unless it no longer waits for this package (a person cancelled or retried it meanwhile). */
    private Job finishQuietly(Pending p, List<JobInstance> changed, Failure failure) {
        Job job = settings.manager().get(p.jobId());
        if (job.state() != JobState.IN_PROGRESS || !p.reason().equals(job.reason())) {
            LOG.log(System.Logger.Level.INFO, "job {0} ({1}) no longer waits for the receipt of {2}", p.jobId(),
                    job.state(), p.remotePackage());
            return job;
        }
        try {
            return settings.manager().finish(job, changed, failure);
        } catch (IllegalJobTransitionException e) {
            return settings.manager().get(p.jobId());
        }
    }

    /** The file's text, or null when there is none. */
    private static String read(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0 && out.size() < MAX_ANSWER; ) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw e;
        }
    }

    private static void removeIfThere(SftpClient sftp, String path) throws IOException {
        try {
            sftp.remove(path);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 500 ? oneLine : oneLine.substring(0, 500) + "…";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package nl.zorgbrug.gateway.inbound;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.StorageCommitment;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * The gateway as Storage Commitment SCP for its senders (issue 5; PS3.4 J.3): a PACS or modality that
 * sent objects to a route's AE asks, by N-ACTION, whether we took responsibility for them. An instance is
 * committed when its original is safely in the route's spool (forced to disk before its C-STORE was
 * answered; held, waiting or in quarantine alike), or when the route's destination already acknowledged
 * it (it left the spool then). Anything else fails with 0x0112 No such object instance, so the sender
 * sends it again; a SOP Class UID other than the one received fails with 0x0119 Class/instance conflict.
 *
 * <p>Study completeness (issue 5): when every listed instance is committed, each job they belong to that
 * waits for its quiet time is due at once ({@link JobManager#markComplete}) — the sender has told us
 * the study is complete.
 *
 * <p>The report goes back on the sender's association when it waits there (the toolkit decides); else
 * on a new association to the calling AE title, whose host and port come from the address book entry
 * with that AE title. A report that cannot be delivered is tried again a few times, then logged.
 */
public final class CommitmentScp implements StorageCommitment.Provider, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CommitmentScp.class.getName());
    private static final int REPORT_ATTEMPTS = 5;

    private final Spool spool;
    private final Map<String, Route> routesByCalledAe;
    private final JobRepository jobs;
    private final JobManager manager;
    private final AddressBook book;
    private final Connector plain;
    private final Connector tls;
    private final Consumer<Job> due;
    private final ScheduledExecutorService reporter;

    /**
     * @param due told about each job that became due because the sender's commitment request completed it
     *            (the delivery runner wakes up)
     */
    public CommitmentScp(Spool spool, List<Route> routes, JobRepository jobs, JobManager manager, AddressBook book,
                         Connector plain, Connector tls, Consumer<Job> due) {
        this.spool = spool;
        this.routesByCalledAe = routes.stream().collect(Collectors.toMap(Route::calledAeTitle, r -> r));
        this.jobs = jobs;
        this.manager = manager;
        this.book = book;
        this.plain = plain;
        this.tls = tls;
        this.due = due;
        this.reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zorgbrug-commitment-report");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public StorageCommitment.Result commit(StorageCommitment.Request request) {
        Route route = routesByCalledAe.get(request.calledAeTitle());
        List<StorageCommitment.Reference> committed = new ArrayList<>();
        List<StorageCommitment.Failure> failed = new ArrayList<>();
        Set<Long> touched = new LinkedHashSet<>();
        Set<String> inSpool = null;
        for (StorageCommitment.Reference ref : request.references()) {
            if (route == null) {
                // The node's own AE title receives no objects (docs/dicom-conformance.md).
                failed.add(new StorageCommitment.Failure(ref, StorageCommitment.NO_SUCH_OBJECT_INSTANCE));
                continue;
            }
            Optional<Verdict> verdict = inJobs(route, ref);
            if (verdict.isEmpty()) {
                if (inSpool == null) {
                    inSpool = spooledNames(route);
                }
                // Not in a job: in quarantine, its original kept in the spool until a person decides.
                verdict = Optional.of(new Verdict(inSpool.contains(ref.sopInstanceUid() + ".dcm") ? 0
                        : StorageCommitment.NO_SUCH_OBJECT_INSTANCE, -1));
            }
            if (verdict.get().reason() == 0) {
                committed.add(ref);
                if (verdict.get().jobId() > 0) {
                    touched.add(verdict.get().jobId());
                }
            } else {
                failed.add(new StorageCommitment.Failure(ref, verdict.get().reason()));
            }
        }
        LOG.log(System.Logger.Level.INFO, "storage commitment request {0} from {1} to {2}: {3} committed, {4} not",
                request.transactionUid(), request.callingAeTitle(), request.calledAeTitle(), committed.size(),
                failed.size());
        if (failed.isEmpty()) {
            for (long jobId : touched) {
                Job before = manager.get(jobId);
                Job after = manager.markComplete(jobId, "the sender " + request.callingAeTitle()
                        + " asked for storage commitment of " + request.references().size()
                        + " instances (transaction " + request.transactionUid() + "), all received");
                if (!after.notBefore().equals(before.notBefore())) {
                    due.accept(after);
                }
            }
        }
        return new StorageCommitment.Result(request.transactionUid(), committed, failed);
    }

    /** Failure reason 0 means committed; jobId -1 when not in a job. */
    private record Verdict(int reason, long jobId) {
    }

    private Optional<Verdict> inJobs(Route route, StorageCommitment.Reference ref) {
        Verdict found = null;
        for (JobInstance i : jobs.instancesBySopInstanceUid(ref.sopInstanceUid())) {
            Optional<Job> job = jobs.find(i.jobId());
            if (job.isEmpty() || !route.destinations().contains(job.get().destination())
                    || job.get().direction() != route.direction()) {
                continue;
            }
            if (i.sopClassUid() != null && !i.sopClassUid().equals(ref.sopClassUid())) {
                found = new Verdict(StorageCommitment.CLASS_INSTANCE_CONFLICT, i.jobId());
                continue;
            }
            boolean safe = i.acknowledged()
                    || spool.forRoute(route.name()).find(job.get().studyInstanceUid(), i.sopInstanceUid()).isPresent();
            if (safe) {
                return Optional.of(new Verdict(0, i.jobId()));
            }
            if (found == null) {
                found = new Verdict(StorageCommitment.NO_SUCH_OBJECT_INSTANCE, i.jobId());
            }
        }
        return Optional.ofNullable(found);
    }

    /** File names in the route's spool (ROOT/study/sop.dcm); only asked for instances in no job. */
    private Set<String> spooledNames(Route route) {
        Path root = spool.forRoute(route.name()).root();
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list the spool of route " + route.name(), e);
            return Set.of();
        }
    }

    @Override
    public void reportLater(StorageCommitment.Request request, StorageCommitment.Result result) {
        reporter.execute(() -> report(request, result, 1));
    }

    private void report(StorageCommitment.Request request, StorageCommitment.Result result, int attempt) {
        Optional<Institution> to = book.byAeTitle(request.callingAeTitle());
        if (to.isEmpty() || to.get().host() == null || to.get().port() <= 0) {
            LOG.log(System.Logger.Level.WARNING, "storage commitment report {0} cannot be sent to AE {1}: no address-book"
                    + " entry with that AE title, host and port (add one; see docs/operations.md)",
                    result.transactionUid(), request.callingAeTitle());
            return;
        }
        Institution i = to.get();
        Connector connector = i.tls() ? tls : plain;
        if (connector == null) {
            LOG.log(System.Logger.Level.WARNING, "storage commitment report {0} to {1} needs DICOM TLS, which is not"
                    + " configured", result.transactionUid(), i.key());
            return;
        }
        try (Association as = connector.connect(i.host(), i.port(), connector.request(request.calledAeTitle(),
                i.aeTitle(), List.of(StorageCommitment.context(1)), List.of(StorageCommitment.reportRoleSelection()),
                null))) {
            Status status = StorageCommitment.report(new Dimse(as), result);
            as.release();
            if (!status.isSuccess()) {
                LOG.log(System.Logger.Level.WARNING, "{0} answered storage commitment report {1} with {2}", i.key(),
                        result.transactionUid(), status);
            }
        } catch (IOException e) {
            if (attempt < REPORT_ATTEMPTS) {
                long delay = 1L << attempt;
                LOG.log(System.Logger.Level.INFO, "storage commitment report {0} to {1} failed ({2}); again in {3} s",
                        result.transactionUid(), i.key(), e.getMessage(), delay);
                reporter.schedule(() -> report(request, result, attempt + 1), delay, TimeUnit.SECONDS);
            } else {
                LOG.log(System.Logger.Level.WARNING, "storage commitment report {0} to {1} failed {2} times ({3});"
                        + " the sender will ask again", result.transactionUid(), i.key(), attempt, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        reporter.shutdownNow();
    }
}

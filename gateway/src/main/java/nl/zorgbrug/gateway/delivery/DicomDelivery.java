package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.Edit;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.AddressBook;
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
 * Delivers a job over DICOM C-STORE: each instance not yet acknowledged is taken from the spool and
 * sent to the institution's endpoint from the address book, the route's edits (the BSN swap) applied
 * by the streaming editor on the way to the network. The job is DONE only
 * when every instance was answered with Success; the originals leave the spool then.
 */
public final class DicomDelivery {
    private final Spool spool;
    private final AddressBook addressBook;
    private final Function<Job, Route> routeOf;
    private final Connector plain;
    private final Connector tls;
    private final String callingAeTitle;
    private final Path workDir;
    private final JobManager manager;
    private final JobRepository jobs;
    private final Clock clock;
    private final Arrivals arrivals;
    private final Duration linger;
    private final StowRsClient stowRs = new StowRsClient();
    private final LastInstances last;

    /**
     * Instances a job gets at the end of its delivery, sent on the same association before it is released:
     * the study manifest (gateway/manifest). {@link #proposed} names the SOP classes to offer when the
     * association is opened; {@link #addTo} is asked once every instance was tried, and returns true when it
     * added instances to the job (spooled first, so they survive a crash).
     */
    public interface LastInstances {
        LastInstances NONE = new LastInstances() {
            @Override
            public List<StoreScu.FileInfo> proposed(Job job, Route route) {
                return List.of();
            }

            @Override
            public boolean addTo(Job job, Route route, Association association) {
                return false;
            }
        };

        List<StoreScu.FileInfo> proposed(Job job, Route route);

        boolean addTo(Job job, Route route, Association association) throws IOException;
    }
    private final CommitmentTracker commitments;
    private final InDoubtInstances inDoubt;

    public DicomDelivery(Spool spool, AddressBook addressBook, Function<Job, Route> routeOf, Connector plain,
                         Connector tls, String callingAeTitle, Path workDir, JobManager manager, JobRepository jobs,
                         Clock clock) throws IOException {
        this(spool, addressBook, routeOf, plain, tls, callingAeTitle, workDir, manager, jobs, clock, new Arrivals(),
                Duration.ZERO, LastInstances.NONE);
    }

    /**
     * @param arrivals told of each instance on an emergency route
     * @param linger   how long a delivery on an emergency route keeps its association open, waiting for
     *                 the next instance, once it has sent everything
     * @param last     instances a job gets at the end of its delivery (the study manifest)
     */
    public DicomDelivery(Spool spool, AddressBook addressBook, Function<Job, Route> routeOf, Connector plain,
                         Connector tls, String callingAeTitle, Path workDir, JobManager manager, JobRepository jobs,
                         Clock clock, Arrivals arrivals, Duration linger, LastInstances last) throws IOException {
        this(spool, addressBook, routeOf, plain, tls, callingAeTitle, workDir, manager, jobs, clock, arrivals, linger,
                last, null);
    }

    /** @param commitments storage commitment for institutions that ask for it; null: such jobs fail with a reason */
    public DicomDelivery(Spool spool, AddressBook addressBook, Function<Job, Route> routeOf, Connector plain,
                         Connector tls, String callingAeTitle, Path workDir, JobManager manager, JobRepository jobs,
                         Clock clock, Arrivals arrivals, Duration linger, LastInstances last,
                         CommitmentTracker commitments) throws IOException {
        this.last = last;
        this.commitments = commitments;
        this.spool = spool;
        this.addressBook = addressBook;
        this.routeOf = routeOf;
        this.plain = plain;
        this.tls = tls;
        this.callingAeTitle = callingAeTitle;
        this.workDir = Files.createDirectories(workDir);
        this.manager = manager;
        this.jobs = jobs;
        this.clock = clock;
        this.arrivals = arrivals;
        this.linger = linger;
        this.inDoubt = new InDoubtInstances(callingAeTitle);
    }

    /**
     * Originals leave the spool once acknowledged — and committed, where the institution uses storage
     * commitment (a failed commitment sends them again); instances that joined the job meanwhile stay.
     */
    private void removeAcknowledged(Job job) {
        Spool routeSpool = spool.forRoute(routeOf.apply(job).name());
        boolean commitment = addressBook.find(job.destination()).map(Institution::storageCommitment).orElse(false);
        for (JobInstance i : jobs.instances(job.id())) {
            if (i.acknowledged() && (i.committed() || !commitment)) {
                try {
                    routeSpool.remove(job.studyInstanceUid(), i.sopInstanceUid());
                } catch (IOException e) {
                    // left in the spool; removed after the next delivery of this job
                }
            }
        }
    }

    /**
     * Delivers a due job (WAITING, or FAILED with its automatic retry due) on one association: the
     * instances not yet acknowledged are edited and sent, and instances that join the job meanwhile
     * (emergency mode) are sent on the same association until none is left. Returns the job as it ends up (DONE, WAITING when instances joined meanwhile, FAILED
     * with or without an automatic retry pending, or HELD).
     */
    public Job deliver(Job waiting) {
        Job job = manager.start(waiting);
        Optional<Institution> destination = addressBook.find(job.destination());
        if (destination.isEmpty() || (destination.get().aeTitle() == null && destination.get().stowRsUrl() == null)) {
            return manager.finish(job, List.of(), Failure.ofException(new PermanentDeliveryException(
                    "institution '" + job.destination() + "' has no DICOM or STOW-RS endpoint in the address book")));
        }
        Institution to = destination.get();
        if ((to.aeTitle() == null || to.aeTitle().isBlank()) && to.stowRsUrl() != null && !to.stowRsUrl().isBlank()) {
            return deliverByStowRs(job, to);
        }
        Connector connector = to.tls() ? tls : plain;
        if (connector == null) {
            return manager.finish(job, List.of(), Failure.ofException(new PermanentDeliveryException(
                    "institution '" + to.key() + "' needs DICOM TLS, but no TLS key material is configured")));
        }
        if (to.storageCommitment() && commitments == null) {
            return manager.finish(job, List.of(), Failure.ofException(new PermanentDeliveryException(
                    "institution '" + to.key() + "' uses storage commitment, which this node is not set up for")));
        }
        Route route = routeOf.apply(job);
        Spool routeSpool = spool.forRoute(route.name());
        if (waiting.reason() != null) {
            // The previous attempt ended abnormally (it failed, or a restart cut it off): what it had on the wire is in doubt.
            try {
                settleInDoubt(job, to, connector, routeSpool);
            } catch (IOException | RuntimeException e) {
                return manager.finish(job, List.of(), Failure.ofException(e));
            }
        }
        Set<String> tried = new HashSet<>();
        Set<String> proposedClasses = new HashSet<>();
        boolean reopen = false;
        Failure failure = null;
        Association association = null;
        try {
            while (failure == null) {
                long seen = arrivals.version();
                List<JobInstance> pending = new ArrayList<>();
                for (JobInstance i : jobs.unacknowledged(job.id())) {
                    if (tried.add(i.sopInstanceUid())) {
                        pending.add(i);
                    }
                }
                if (pending.isEmpty()) {
                    // Emergency mode: keep the association a moment for the next slice still being acquired.
                    if (route.urgent() && association != null && !association.isClosed()
                            && arrivals.awaitAfter(job.id(), job.destination(), seen, linger.toMillis())) {
                        continue;
                    }
                    // The study manifest, when the route sends one, goes last on the same association.
                    if (last.addTo(job, route, association)) {
                        continue;
                    }
                    break;
                }
                Map<JobInstance, Prepared> prepared = new LinkedHashMap<>();
                for (JobInstance instance : pending) {
                    Path original = routeSpool.pathOf(job.studyInstanceUid(), instance.sopInstanceUid());
                    if (!Files.exists(original)) {
                        failure = Failure.ofException(new PermanentDeliveryException(
                                "instance " + instance.sopInstanceUid() + " is no longer in the spool"));
                        break;
                    }
                    // The route decides again at delivery: the MPI may have changed since the object arrived.
                    DicomFile header = Part10Reader.read(original, StreamingEditor.HEAD_END);
                    RouteDecision decision = route.decide(header.dataSet(), clock.instant());
                    if (!(decision instanceof RouteDecision.Forward forward)) {
                        String why = decision instanceof RouteDecision.Hold h ? h.code() + ": " + h.messageEn()
                                : ((RouteDecision.Quarantine) decision).code() + ": "
                                + ((RouteDecision.Quarantine) decision).messageEn();
                        closeQuietly(association);
                        association = null;
                        return manager.hold(job, why);
                    }
                    prepared.put(instance, new Prepared(new StoreScu.FileInfo(original, header.sopClassUid(),
                            header.sopInstanceUid(), header.transferSyntax()), forward.edits()));
                }
                if (failure != null) {
                    break;
                }
                if (association == null) {
                    List<StoreScu.FileInfo> offered = new ArrayList<>(prepared.values().stream().map(Prepared::file).toList());
                    offered.addAll(last.proposed(job, route));
                    proposedClasses.clear();
                    offered.forEach(f -> proposedClasses.add(f.sopClassUid()));
                    association = connector.connect(to.host(), to.port(), connector.request(callingAeTitle, to.aeTitle(),
                            StoreScu.contexts(offered), List.of(), null));
                }
                Dimse dimse = new Dimse(association);
                for (Map.Entry<JobInstance, Prepared> e : prepared.entrySet()) {
                    try {
                        // The edits are applied on the way to the network: the spooled original is never changed.
                        Status status = StoreScu.store(dimse, e.getValue().file(), e.getValue().edits());
                        JobInstance result = e.getKey().answered(status.code(), status.isSuccess());
                        // Recorded at once: after a crash only unacknowledged instances are sent again.
                        jobs.updateInstance(result);
                        if (!status.isSuccess() && failure == null) {
                            failure = status.isWarning()
                                    ? new Failure(true, "the receiver answered warning " + status
                                            + ", which this route does not expect")
                                    : Failure.ofStatus(status.code());
                        }
                    } catch (IOException ex) {
                        if (association.isClosed()) {
                            failure = Failure.ofException(ex);
                            break;
                        }
                        if (proposedClasses.contains(e.getValue().file().sopClassUid())) {
                            // Proposed and not accepted: the receiver does not take this kind of object. Retrying
                            // will not change that; a person must look (PS3.8 9.3.3.2, presentation context result).
                            failure = new Failure(true, ex.getMessage());
                            break;
                        }
                        // An instance of a SOP class that joined the job after the association was opened:
                        // the next round opens a new association that proposes it.
                        tried.remove(e.getKey().sopInstanceUid());
                        reopen = true;
                    }
                }
                if (reopen && failure == null) {
                    association.release();
                    association = null;
                    reopen = false;
                }
            }
            if (association != null && !association.isClosed()) {
                association.release();
            }
            if (failure == null && to.storageCommitment()) {
                // DONE only once the institution committed every instance (CommitmentTracker).
                return commitments.request(job, to, connector, this::removeAcknowledged);
            }
            return manager.finish(job, List.of(), failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return manager.finish(job, List.of(), Failure.ofException(new IOException("the node is stopping", e)));
        } catch (IOException | RuntimeException e) {
            return manager.finish(job, List.of(), Failure.ofException(e));
        } finally {
            closeQuietly(association);
            removeAcknowledged(job);
        }
    }

    /**
     * Asks the receiver which of the job's unacknowledged instances it already holds, and records those as
     * acknowledged, so that an instance stored just before the previous attempt broke off is not sent twice
     * ({@link InDoubtInstances}). A receiver that cannot be asked gets them all again; the job's events say which.
     */
    private void settleInDoubt(Job job, Institution to, Connector connector, Spool routeSpool) throws IOException {
        List<JobInstance> unanswered = jobs.unacknowledged(job.id());
        Map<String, Set<String>> bySeries = new LinkedHashMap<>();
        for (JobInstance i : unanswered) {
            Path original = routeSpool.pathOf(job.studyInstanceUid(), i.sopInstanceUid());
            if (Files.exists(original)) {
                String series = Part10Reader.read(original, StreamingEditor.HEAD_END).dataSet()
                        .getString(Tag.SeriesInstanceUID);
                if (series != null && !series.isBlank()) {
                    bySeries.computeIfAbsent(series, s -> new HashSet<>()).add(i.sopInstanceUid());
                }
            }
        }
        if (bySeries.isEmpty()) {
            return;
        }
        InDoubtInstances.Answer answer = inDoubt.ask(connector, to, job.studyInstanceUid(), bySeries);
        if (!answer.asked()) {
            jobs.recordEvent(job.id(), "system", "in-doubt", unanswered.size() + " unacknowledged instances are sent again;"
                    + " the receiver cannot be asked which it already holds (" + answer.notAskedBecause() + ")",
                    clock.instant());
            return;
        }
        for (JobInstance i : unanswered) {
            if (answer.present().contains(i.sopInstanceUid())) {
                jobs.updateInstance(i.answered(Status.SUCCESS.code(), true));
            }
        }
        jobs.recordEvent(job.id(), "system", "in-doubt", answer.present().size() + " of " + unanswered.size()
                + " unacknowledged instances were already at " + to.aeTitle() + " (C-FIND) and are not sent again",
                clock.instant());
    }

    /** An instance ready to send: the spooled original and the route's edits for it. */
    private record Prepared(StoreScu.FileInfo file, List<Edit> edits) {
    }

    /** DICOMweb: the pending instances, edited, in one STOW-RS request (PS3.18 10.5). */
    private Job deliverByStowRs(Job job, Institution to) {
        Route route = routeOf.apply(job);
        Path jobDir = workDir.resolve(Long.toString(job.id()));
        Map<Path, JobInstance> files = new LinkedHashMap<>();
        try {
            Files.createDirectories(jobDir);
            for (JobInstance instance : jobs.instances(job.id())) {
                if (instance.acknowledged()) {
                    continue;
                }
                Path original = spool.forRoute(route.name()).pathOf(job.studyInstanceUid(), instance.sopInstanceUid());
                DataSet header = Part10Reader.read(original, StreamingEditor.HEAD_END).dataSet();
                RouteDecision decision = route.decide(header, clock.instant());
                if (!(decision instanceof RouteDecision.Forward forward)) {
                    return manager.hold(job, "the route refused an instance on delivery: " + decision);
                }
                Path edited = jobDir.resolve(instance.sopInstanceUid() + ".dcm");
                StreamingEditor.edit(original, edited, head -> forward.edits(), false);
                files.put(edited, instance);
            }
            if (files.isEmpty()) {
                return manager.finish(job, List.of(), null);
            }
            String url = to.stowRsUrl().endsWith("/studies") ? to.stowRsUrl() : to.stowRsUrl().replaceAll("/+$", "") + "/studies";
            StowRsClient.Response r = stowRs.store(url, new ArrayList<>(files.keySet()));
            if (!r.allStored()) {
                return manager.finish(job, List.of(), new Failure(true, "STOW-RS answered HTTP " + r.status()
                        + " (not every instance stored): " + (r.body().length() > 300 ? r.body().substring(0, 300) : r.body())));
            }
            // PS3.18 10.5.3: the Referenced SOP Sequence lists what was stored; trust nothing it does not list.
            List<JobInstance> answered = new ArrayList<>();
            Failure missing = null;
            for (JobInstance i : files.values()) {
                boolean confirmed = r.body().contains("\"" + i.sopInstanceUid() + "\"");
                answered.add(i.answered(confirmed ? 0 : 0xC000, confirmed));
                if (!confirmed && missing == null) {
                    missing = new Failure(true, "STOW-RS answered 200 but did not list instance " + i.sopInstanceUid()
                            + " as stored");
                }
            }
            return manager.finish(job, answered, missing);
        } catch (IOException | RuntimeException e) {
            return manager.finish(job, List.of(), Failure.ofException(e));
        } finally {
            removeAcknowledged(job);
            deleteQuietly(jobDir);
        }
    }

    private static void closeQuietly(Association association) {
        if (association != null) {
            association.close();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a work folder; cleaned at the next delivery of this job
        }
    }
}

package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.assoc.Connector;
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
 * Delivers a job over DICOM C-STORE: each instance not yet acknowledged is taken from the spool,
 * the route's edits (the BSN swap) are applied by the streaming editor into a work file, and the
 * work files are sent to the institution's endpoint from the address book. The job is DONE only
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

    public DicomDelivery(Spool spool, AddressBook addressBook, Function<Job, Route> routeOf, Connector plain,
                         Connector tls, String callingAeTitle, Path workDir, JobManager manager, JobRepository jobs,
                         Clock clock) throws IOException {
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
    }

    /** Originals leave the spool once acknowledged; instances that joined the job meanwhile stay. */
    private void removeAcknowledged(Job job) {
        for (JobInstance i : jobs.instances(job.id())) {
            if (i.acknowledged()) {
                try {
                    spool.remove(job.studyInstanceUid(), i.sopInstanceUid());
                } catch (IOException e) {
                    // left in the spool; removed after the next delivery of this job
                }
            }
        }
    }

    /** Delivers a WAITING job; returns it as it ends up (DONE, WAITING for a retry, FAILED or HELD). */
    public Job deliver(Job waiting) {
        Job job = manager.start(waiting);
        Optional<Institution> destination = addressBook.find(job.destination());
        if (destination.isEmpty() || destination.get().aeTitle() == null) {
            return manager.finish(job, List.of(), Failure.ofException(new PermanentDeliveryException(
                    "institution '" + job.destination() + "' has no DICOM endpoint in the address book")));
        }
        Institution to = destination.get();
        Route route = routeOf.apply(job);
        Path jobDir = workDir.resolve(Long.toString(job.id()));
        Map<Path, JobInstance> files = new HashMap<>();
        List<Path> ordered = new ArrayList<>();
        try {
            Files.createDirectories(jobDir);
            for (JobInstance instance : jobs.instances(job.id())) {
                if (instance.acknowledged()) {
                    continue;
                }
                Path original = spool.pathOf(job.studyInstanceUid(), instance.sopInstanceUid());
                if (!Files.exists(original)) {
                    return manager.finish(job, List.of(), Failure.ofException(new PermanentDeliveryException(
                            "instance " + instance.sopInstanceUid() + " is no longer in the spool")));
                }
                DataSet header = Part10Reader.read(original, StreamingEditor.HEAD_END).dataSet();
                RouteDecision decision = route.decide(header, clock.instant());
                if (!(decision instanceof RouteDecision.Forward forward)) {
                    String why = decision instanceof RouteDecision.Hold h ? h.code() + ": " + h.messageEn()
                            : ((RouteDecision.Quarantine) decision).code() + ": " + ((RouteDecision.Quarantine) decision).messageEn();
                    return manager.hold(job, why);
                }
                Path edited = jobDir.resolve(instance.sopInstanceUid() + ".dcm");
                StreamingEditor.edit(original, edited, head -> forward.edits());
                files.put(edited, instance);
                ordered.add(edited);
            }
            if (ordered.isEmpty()) {
                return manager.finish(job, List.of(), null);
            }
            Connector connector = to.tls() ? tls : plain;
            if (connector == null) {
                return manager.finish(job, List.of(), Failure.ofException(new PermanentDeliveryException(
                        "institution '" + to.key() + "' needs DICOM TLS, but no TLS key material is configured")));
            }
            // Each acknowledgement is recorded as it arrives, so a crash in the middle of a study resends
            // only what was not yet acknowledged.
            List<StoreScu.Outcome> outcomes = StoreScu.send(connector, callingAeTitle, to.aeTitle(), to.host(), to.port(),
                    ordered, (o, done, total) -> {
                        if (o.status() != null && o.status().isSuccess()) {
                            jobs.updateInstance(files.get(o.file()).answered(o.status().code(), true));
                        }
                    });
            List<JobInstance> answered = new ArrayList<>();
            Failure failure = null;
            for (StoreScu.Outcome o : outcomes) {
                JobInstance instance = files.get(o.file());
                if (o.status() != null && o.status().isSuccess()) {
                    answered.add(instance.answered(o.status().code(), true));
                } else if (o.status() != null) {
                    answered.add(instance.answered(o.status().code(), false));
                    failure = o.status().isWarning()
                            ? new Failure(true, "the receiver answered warning " + o.status()
                                    + ", which this route does not expect")
                            : Failure.ofStatus(o.status().code());
                } else if (failure == null) {
                    failure = new Failure(false, "sending failed: " + o.error() + "; retrying later");
                }
            }
            return manager.finish(job, answered, failure);
        } catch (IOException | RuntimeException e) {
            return manager.finish(job, List.of(), Failure.ofException(e));
        } finally {
            removeAcknowledged(job);
            for (Path p : ordered) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a work file; cleaned at the next start
                }
            }
            try {
                Files.deleteIfExists(jobDir);
            } catch (IOException ignored) {
                // not empty: left for inspection
            }
        }
    }
}

package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Endpoint;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.PermanentDeliveryException;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * Delivers a due job (WAITING, or FAILED with its automatic retry due), from start to finish: it starts the
 * job, finds the institution's endpoint in the address book and the transport for it, hands the transport a
 * {@link Shipment} of the job's instances (prepared by the route, which decides again for each), and moves the
 * job on by the transport's {@link Outcome}: DONE when every instance was answered with success (WAITING when
 * instances joined meanwhile), FAILED with or without an automatic retry, HELD when the route refused an
 * instance, or IN_PROGRESS while a storage commitment report is awaited. Originals leave the spool once
 * delivered ({@link SpoolCleanup}).
 */
public final class JobDelivery {

    /**
     * What a delivery needs.
     *
     * @param routeOf    the route a job came in on (its edits, and its second decision at delivery)
     * @param transports the channels this node has, chosen by the endpoint's type
     */
    public record Parts(Spool spool, AddressBook addressBook, Function<Job, Route> routeOf, JobManager manager,
                        JobRepository jobs, Transports transports, Clock clock) {
    }

    private final Parts parts;
    private final SpoolCleanup cleanup;

    public JobDelivery(Parts parts) {
        this.parts = parts;
        this.cleanup = new SpoolCleanup(parts.spool(), parts.jobs(), parts.routeOf());
    }

    /** Delivers the job; returns it as it ends up. */
    public Job deliver(Job due) {
        JobManager manager = parts.manager();
        Job job = manager.start(due);
        Optional<Institution> institution = parts.addressBook().find(job.destination());
        Optional<Endpoint> endpoint = institution.flatMap(Institution::endpoint);
        if (endpoint.isEmpty()) {
            return manager.finish(job, List.of(), Failure.ofException(new PermanentDeliveryException(
                    "institution '" + job.destination() + "' has no DICOM or STOW-RS endpoint in the address book")));
        }
        Optional<Transport<?>> transport = parts.transports().forEndpoint(endpoint.get());
        if (transport.isEmpty()) {
            return manager.finish(job, List.of(), Failure.ofException(new PermanentDeliveryException(
                    "institution '" + job.destination() + "' takes deliveries by " + endpoint.get().getClass().getSimpleName()
                            + ", for which this node has no transport configured")));
        }
        Route route = parts.routeOf().apply(job);
        Shipment shipment = new Shipment(job, route, institution.get(), parts.spool().forRoute(route.name()),
                parts.jobs(), parts.clock());
        try {
            Outcome outcome = Transports.send(transport.get(), shipment, endpoint.get());
            if (outcome instanceof Outcome.Waiting w) {
                return w.job();
            }
            if (outcome instanceof Outcome.Held h) {
                return manager.hold(job, h.reason());
            }
            return manager.finish(job, List.of(), outcome instanceof Outcome.Failed f ? f.failure() : null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return manager.finish(job, List.of(), Failure.ofException(new IOException("the node is stopping", e)));
        } catch (IOException | RuntimeException e) {
            return manager.finish(job, List.of(), Failure.ofException(e));
        } finally {
            cleanup.removeDelivered(job, endpoint.get().awaitsCommitment());
        }
    }
}

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
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.PermanentDeliveryException;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * Delivers a due job (WAITING, or FAILED with its automatic retry due), from start to finish: it starts the
 * job, finds the institution's endpoint in the address book and the transport for it, hands the transport a
 * {@link Shipment} of the job's instances (prepared by the route, which decides again for each), and moves the
 * job on by the transport's {@link Outcome}: DONE when every instance was answered with success or a warning (WAITING when
 * instances joined meanwhile), FAILED with or without an automatic retry, HELD when the route refused an
 * instance, or IN_PROGRESS while a storage commitment report is awaited. Originals leave the spool once
 * delivered ({@link SpoolCleanup}).
 */
public final class JobDelivery implements JobRunner.Deliveries {

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
    private final JobAlerts onWarnings;
    /** Set when the node drains ({@link #handBack}): running shipments stop between instances. */
    private volatile boolean handingBack;

    public JobDelivery(Parts parts) {
        this(parts, null);
    }

    /**
     * @param onWarnings told of a job whose receiver answered warnings in an attempt (the job's reason then says
     *                   which), when the node is set to alert on them; null: warnings are only recorded in the
     *                   job's events
     */
    public JobDelivery(Parts parts, JobAlerts onWarnings) {
        this.parts = parts;
        this.cleanup = new SpoolCleanup(parts.spool(), parts.jobs(), parts.routeOf());
        this.onWarnings = onWarnings;
    }

    @Override
    public void returnBrokenOff(long jobId, String why) {
        parts.manager().returnBrokenOff(jobId, why);
    }

    /** Claims the jobs to deliver with this node's lease (issue 22). */
    @Override
    public List<Job> take(JobRepository jobs, java.time.Instant now, int limit) {
        return parts.manager().claim(now, limit);
    }

    /** The node is draining: deliveries stop after the instance on the wire and give their jobs back (issue 22). */
    @Override
    public void handBack() {
        handingBack = true;
    }

    /**
     * The node is draining: the jobs waiting for a storage commitment report or an SFTP receipt go back to WAITING for
     * another node, which asks again or waits on (issue 22).
     */
    @Override
    public void handBackWaiting(java.util.Set<Long> delivering) {
        JobManager manager = parts.manager();
        manager.handBackWaiting(delivering, "node " + manager.leases().nodeId() + " is stopping (drain); another"
                + " node goes on with it");
    }

    @Override
    public java.util.Set<Long> renewLeases() {
        return parts.manager().renewLeases();
    }

    @Override
    public java.time.Duration renewEvery() {
        return parts.manager().leases().renewEvery();
    }

    /** Delivers the job; returns it as it ends up. */
    @Override
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
        // The job shows how it goes (issue 21), from the first attempt on.
        job = manager.deliveringBy(job, transport.get().channel());
        if (parts.jobs().instances(job.id()).isEmpty()) {
            // A job a person announced ("send study") whose instances have not come: nothing delivered is no DONE.
            // Transient: instances still on their way join the job and go with the automatic retry; when none
            // come before the attempts run out, the job is FAILED for good, with an alert.
            return manager.finish(job, List.of(), new Failure(false, "no instance of the study has arrived for this"
                    + " job; if a person sent it, the PACS has not sent the study (check that the PACS has it and knows"
                    + " the route's AE title as a move destination)"));
        }
        Route route = parts.routeOf().apply(job);
        Shipment shipment = new Shipment(job, route, institution.get(), parts.spool().forRoute(route.name()),
                parts.jobs(), manager, parts.clock(), () -> handingBack);
        try {
            Outcome outcome;
            try {
                outcome = Transports.send(transport.get(), shipment, endpoint.get());
            } finally {
                // An answer a transport left waiting for a next instance's mark is recorded before the job moves on.
                shipment.recordAnswers();
            }
            // What left, judged after the swap (issue 15), on the job before its outcome is told.
            manager.recordVerdictSent(job, shipment.verdictSent());
            Job after;
            if (outcome instanceof Outcome.Waiting w) {
                after = w.job();
            } else if (outcome instanceof Outcome.HandedBack) {
                after = manager.handBack(job, shipment.acknowledged(), "node " + manager.leases().nodeId()
                        + " is stopping (drain); another node goes on with it");
            } else if (outcome instanceof Outcome.Held h) {
                after = manager.hold(job, h.reason());
            } else {
                after = manager.finish(job, List.of(), outcome instanceof Outcome.Failed f ? f.failure() : null,
                        shipment.acknowledged());
            }
            alertOnWarnings(after, shipment.warnings());
            return after;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return manager.finish(job, List.of(), Failure.ofException(new IOException("the node is stopping", e)));
        } catch (RuntimeException e) {
            if (nodeDatabaseFailed(e)) {
                // The node's own database failed (it went away, a failover is under way), not the receiver: judging
                // the attempt would make the job FAILED for good ("delivery failed"), as seen in DatabaseFailoverTest
                // when the database was back before the verdict. Thrown on, the runner keeps the job IN_PROGRESS
                // under this node's lease and puts it back to WAITING once the database records it
                // (JobRunner.returnBrokenOff); what was on the wire stays in doubt for the next attempt to ask about.
                throw e;
            }
            return manager.finish(job, List.of(), Failure.ofException(e));
        } catch (IOException e) {
            return manager.finish(job, List.of(), Failure.ofException(e));
        } finally {
            cleanup.removeDelivered(job, endpoint.get().awaitsCommitment());
        }
    }

    /**
     * Whether the delivery broke off because the node's database failed: the repositories wrap the driver's
     * {@link java.sql.SQLException}, as the intake judges it ({@code Intake}); a transport's failure never carries one.
     */
    static boolean nodeDatabaseFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A warning is success (PS3.4 B.2.3); where the node is set to, a person is alerted too, e.g. because a
     * receiver that coerces data elements may have changed the patient's identification.
     */
    private void alertOnWarnings(Job job, List<String> warnings) {
        if (onWarnings == null || warnings.isEmpty()) {
            return;
        }
        String first = warnings.get(0);
        onWarnings.raised(job.withReason("the receiver answered " + warnings.size() + " instance"
                + (warnings.size() == 1 ? "" : "s") + " with a warning (stored; see the job's events), first: " + first,
                parts.clock().instant()));
    }
}

package nl.zorgbrug.gateway.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.DicomEndpoint;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.PermanentDeliveryException;
import nl.zorgbrug.gateway.route.Route;

/**
 * DICOM C-STORE (PS3.4 Annex B) on one association per attempt: the shipment's instances, edited on the way
 * to the network, then instances that join the job meanwhile (an emergency route keeps the association open
 * {@code linger} for the next slice), then the job's last instances (the study manifest). Before sending, the
 * receiver is asked which instances it already holds if an earlier attempt broke off with instances on the
 * wire ({@link InDoubtInstances}). Where the receiver uses storage commitment, the job then waits for its
 * report ({@link CommitmentTracker}).
 */
public final class CStoreTransport implements Transport<DicomEndpoint> {

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

    private final Connector plain;
    private final Connector tls;
    private final String callingAeTitle;
    private final Arrivals arrivals;
    private final Duration linger;
    private final LastInstances last;
    private final CommitmentTracker commitments;
    private final InDoubtInstances inDoubt;

    private CStoreTransport(Builder b) {
        this.plain = b.plain;
        this.tls = b.tls;
        this.callingAeTitle = b.callingAeTitle;
        this.arrivals = b.arrivals;
        this.linger = b.linger;
        this.last = b.last;
        this.commitments = b.commitments;
        this.inDoubt = new InDoubtInstances(callingAeTitle);
    }

    /**
     * @param callingAeTitle our AE title on the associations we open
     * @param plain          connects without TLS
     */
    public static Builder builder(String callingAeTitle, Connector plain) {
        return new Builder(callingAeTitle, plain);
    }

    /** The C-STORE transport's options; what is not set is not used. */
    public static final class Builder {
        private final String callingAeTitle;
        private final Connector plain;
        private Connector tls;
        private Arrivals arrivals = new Arrivals();
        private Duration linger = Duration.ZERO;
        private LastInstances last = LastInstances.NONE;
        private CommitmentTracker commitments;

        private Builder(String callingAeTitle, Connector plain) {
            this.callingAeTitle = callingAeTitle;
            this.plain = plain;
        }

        /** Connects to endpoints with {@code tls} (PS3.15 B.1); without it, such jobs fail with a reason. */
        public Builder tls(Connector connector) {
            this.tls = connector;
            return this;
        }

        /**
         * @param told   of each instance arriving on an emergency route
         * @param linger how long a delivery on an emergency route keeps its association open, waiting for the
         *               next instance, once it has sent everything
         */
        public Builder emergency(Arrivals told, Duration linger) {
            this.arrivals = told;
            this.linger = linger;
            return this;
        }

        /** Instances a job gets at the end of its delivery (the study manifest). */
        public Builder lastInstances(LastInstances lastInstances) {
            this.last = lastInstances;
            return this;
        }

        /** Storage commitment for endpoints that ask for it; without it, such jobs fail with a reason. */
        public Builder commitments(CommitmentTracker tracker) {
            this.commitments = tracker;
            return this;
        }

        public CStoreTransport build() {
            return new CStoreTransport(this);
        }
    }

    @Override
    public nl.zorgbrug.gateway.job.Channel channel() {
        return nl.zorgbrug.gateway.job.Channel.DICOM;
    }

    @Override
    public Class<DicomEndpoint> endpointType() {
        return DicomEndpoint.class;
    }

    @Override
    public Outcome send(Shipment shipment, DicomEndpoint to) throws IOException, InterruptedException {
        String institution = shipment.institution().key();
        Connector connector = to.tls() ? tls : plain;
        if (connector == null) {
            return new Outcome.Failed(Failure.ofException(new PermanentDeliveryException(
                    "institution '" + institution + "' needs DICOM TLS, but no TLS key material is configured")));
        }
        if (to.storageCommitment() && commitments == null) {
            return new Outcome.Failed(Failure.ofException(new PermanentDeliveryException(
                    "institution '" + institution + "' uses storage commitment, which this node is not set up for")));
        }
        settleInDoubt(shipment, to, connector);
        Job job = shipment.job();
        Route route = shipment.route();
        Set<String> proposedClasses = new HashSet<>();
        Failure failure = null;
        Association association = null;
        boolean lingered = false;
        boolean handedBack = false;
        try {
            while (failure == null) {
                if (shipment.handingBack()) {
                    // The node is draining: stop between instances, nothing on the wire, and let another node go on.
                    handedBack = true;
                    break;
                }
                long seen = arrivals.version();
                Shipment.Batch batch = shipment.next();
                if (batch instanceof Shipment.Batch.Refused refused) {
                    return new Outcome.Held(refused.reason());
                }
                if (batch instanceof Shipment.Batch.Missing missing) {
                    failure = missing.failure();
                    break;
                }
                List<Shipment.Prepared> ready = ((Shipment.Batch.Ready) batch).instances();
                if (ready.isEmpty()) {
                    if (lingered) {
                        // Woken without a new instance (a resend): the last answer waits no longer than one linger.
                        shipment.recordAnswers();
                    }
                    // Emergency mode: keep the association a moment for the next slice still being acquired. The
                    // last answer waits meanwhile to go in with the next instance's mark (one commit for both
                    // instead of two per instance, Shipment#answeredWithNextMark).
                    if (route.urgent() && association != null && !association.isClosed() && !shipment.handingBack()
                            && arrivals.awaitAfter(job.id(), job.destination(), seen, linger.toMillis(),
                                    shipment::handingBack)) {
                        lingered = true;
                        continue;
                    }
                    if (route.urgent() && shipment.handingBack()) {
                        // Draining while the study may still be coming (it now goes to another node): that node sends
                        // the rest and the manifest at the end, not this one with half of the study acknowledged.
                        shipment.recordAnswers();
                        handedBack = true;
                        break;
                    }
                    // Nothing follows: the last answer goes in now, before the manifest, which is built from the
                    // acknowledged instances.
                    shipment.recordAnswers();
                    // The study manifest, when the route sends one, goes last on the same association.
                    if (last.addTo(job, route, association)) {
                        continue;
                    }
                    break;
                }
                if (association == null) {
                    List<StoreScu.FileInfo> offered = new ArrayList<>(ready.stream().map(Shipment.Prepared::file).toList());
                    offered.addAll(last.proposed(job, route));
                    proposedClasses.clear();
                    offered.forEach(f -> proposedClasses.add(f.sopClassUid()));
                    association = connector.connect(to.host(), to.port(), connector.request(callingAeTitle,
                            to.aeTitle(), StoreScu.contexts(offered), List.of(), null));
                    arrivals.connected(job.id(), job.destination());
                }
                lingered = false;
                boolean reopen = false;
                Dimse dimse = new Dimse(association);
                for (Shipment.Prepared p : ready) {
                    if (shipment.handingBack()) {
                        handedBack = true;
                        break;
                    }
                    JobInstance sending = shipment.onTheWire(p.instance());
                    try {
                        // The edits are applied on the way to the network: the spooled original is never changed.
                        Status status = StoreScu.store(dimse, p.file(), p.edits());
                        if (status.isWarning()) {
                            // PS3.4 B.2.3: a warning means the receiver stored the instance (perhaps coerced):
                            // acknowledged, never sent again, and the warning recorded for a person to read.
                            shipment.answeredWithWarning(sending, status.code(), status.errorComment());
                        } else {
                            // Recorded with the next instance's on-the-wire mark, in one commit (Shipment).
                            shipment.answeredWithNextMark(sending, status.code(), status.isSuccess());
                            if (!status.isSuccess() && failure == null) {
                                failure = Failure.ofStatus(status.code());
                            }
                        }
                    } catch (IOException ex) {
                        if (association.isClosed()) {
                            // Broken off: the instance stays on the wire, in doubt, for the next attempt to ask about.
                            failure = Failure.ofException(ex);
                            break;
                        }
                        // The association is open: the instance had no presentation context and never left.
                        shipment.notSent(p.instance());
                        if (proposedClasses.contains(p.file().sopClassUid())) {
                            // Proposed and not accepted: the receiver does not take this kind of object. Retrying
                            // will not change that; a person must look (PS3.8 9.3.3.2, presentation context result).
                            failure = new Failure(true, ex.getMessage());
                            break;
                        }
                        // An instance of a SOP class that joined the job after the association was opened:
                        // the next round opens a new association that proposes it.
                        shipment.again(p.instance());
                        reopen = true;
                    }
                }
                if (handedBack) {
                    break;
                }
                if (reopen && failure == null) {
                    association.release();
                    association = null;
                }
            }
            shipment.recordAnswers();
            if (association != null && !association.isClosed()) {
                association.release();
            }
        } finally {
            if (association != null) {
                association.close();
                arrivals.disconnected(job.id(), job.destination());
            }
        }
        if (handedBack && failure == null) {
            return new Outcome.HandedBack();
        }
        if (failure == null && to.storageCommitment() && shipment.handingBack()) {
            // Everything is acknowledged, and the node is draining: the next holder asks for the commitment (issue 22).
            return new Outcome.HandedBack();
        }
        if (failure == null && to.storageCommitment()) {
            // DONE only once the institution committed every instance (CommitmentTracker).
            return new Outcome.Waiting(commitments.request(job, institution, to, connector));
        }
        return Outcome.failedOrSent(failure);
    }

    /**
     * When an earlier attempt broke off with instances on the wire ({@link JobInstance#inDoubt}), asks the
     * receiver which of them it already holds and records those as acknowledged, so that an instance stored
     * just before the break is not stored twice ({@link InDoubtInstances}). An attempt that broke off before
     * anything left (a refused connection) leaves nothing in doubt, and nothing is asked. The question never
     * fails the delivery: a receiver that cannot be asked, refuses or aborts the query gets them all again,
     * and the job's events say why.
     */
    private void settleInDoubt(Shipment shipment, DicomEndpoint to, Connector connector) throws IOException {
        List<JobInstance> inDoubtNow = shipment.instances().stream().filter(JobInstance::inDoubt).toList();
        if (inDoubtNow.isEmpty()) {
            return;
        }
        Map<String, Set<String>> bySeries = new LinkedHashMap<>();
        for (JobInstance i : inDoubtNow) {
            Path original = shipment.original(i);
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
        InDoubtInstances.Answer answer = inDoubt.ask(connector, to, shipment.job().studyInstanceUid(), bySeries);
        if (!answer.asked()) {
            shipment.event("in-doubt", inDoubtNow.size() + " instances in doubt (on the wire when an attempt broke off)"
                    + " are sent again; the receiver cannot be asked which it already holds (" + answer.notAskedBecause()
                    + ")");
            return;
        }
        for (JobInstance i : inDoubtNow) {
            if (answer.present().contains(i.sopInstanceUid())) {
                shipment.answered(i, Status.SUCCESS.code(), true);
            }
        }
        shipment.event("in-doubt", answer.present().size() + " of " + inDoubtNow.size() + " instances in doubt"
                + " (on the wire when an attempt broke off) were already at " + to.aeTitle()
                + " (C-FIND) and are not sent again");
    }
}

package nl.zorgbrug.app.gateway;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;

import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.delivery.JobRunner;

/**
 * Takes the node out of rotation when it is stopped (SIGTERM, {@code zorgbrug serve}; issue 22, docs/scaling.md), in
 * this order, bounded by {@code zorgbrug.node.drain}:
 * <ol>
 * <li>{@code /actuator/health} says {@code drain: OUT_OF_SERVICE} (HTTP 503), so HAProxy's check takes the node out of
 * its HTTP and DICOM backends; the DICOM listener stops accepting, so a new association is refused at once and HAProxy
 * (TCP mode, {@code option redispatch}) sends it to another node; the job runner takes no more jobs; the HL7 (MLLP)
 * listener, where there is one, accepts no new connection, closes those with no message in hand and each other one
 * after the acknowledgement of its message in hand.</li>
 * <li>The open DICOM associations go on until their senders release them, and the deliveries running go on, until
 * the last third of the drain time (at most 10 s of it) is left.</li>
 * <li>Then associations still open are closed (the sender sends what was not acknowledged again, through HAProxy to
 * another node), and deliveries still running stop after the instance whose answer they have and hand their jobs
 * back: WAITING, lease cleared, for another node to claim at its next look instead of after the lease; whole-study
 * requests (STOW-RS, an SFTP upload) stop sending and hand back too; and the jobs waiting for a storage commitment
 * report or an SFTP receipt are handed back, for the next holder to ask again or to wait on.</li>
 * </ol>
 * Then the rest of the node stops as before (the web server's graceful shutdown, the event pumps). It runs first of
 * the node's lifecycle ({@link #getPhase}: the highest phase stops first), while the database, the web server and the
 * pumps still work. A node that does not finish in time leaves what is left to the leases, as after a crash.
 */
public final class NodeDrain implements SmartLifecycle, HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDrain.class);
    /** At most this much of the drain time is kept for the hand-back at its end. */
    private static final Duration MOST_HAND_BACK = Duration.ofSeconds(10);

    private final Acceptor listener;
    /** The HL7 (MLLP) listener, or null where the node has none. */
    private final nl.zorgbrug.hl7.mllp.MllpServer hl7;
    private final JobRunner runner;
    private final Duration drainTime;
    private volatile boolean running;
    private volatile Instant since;
    private final String nodeId;

    /** @param nodeId this node's id, shown in the health's details (which node answers, behind a proxy) */
    public NodeDrain(Acceptor listener, JobRunner runner, Duration drainTime, String nodeId) {
        this(listener, null, runner, drainTime, nodeId);
    }

    /** @param hl7 the HL7 (MLLP) listener, drained with the rest; null where the node has none */
    public NodeDrain(Acceptor listener, nl.zorgbrug.hl7.mllp.MllpServer hl7, JobRunner runner, Duration drainTime,
                     String nodeId) {
        this.hl7 = hl7;
        this.nodeId = nodeId;
        this.listener = listener;
        this.runner = runner;
        this.drainTime = drainTime;
    }

    /** The part of the drain time kept for stopping deliveries and handing their jobs back. */
    static Duration handBackPart(Duration drainTime) {
        Duration third = drainTime.dividedBy(3);
        return third.compareTo(MOST_HAND_BACK) > 0 ? MOST_HAND_BACK : third;
    }

    @Override
    public Health health() {
        Instant draining = since;
        if (draining == null) {
            return Health.up().withDetail("node", nodeId).build();
        }
        return Health.outOfService().withDetail("node", nodeId).withDetail("draining since", draining.toString())
                .withDetail("open associations", listener.openConnections())
                .withDetail("open HL7 connections", hl7 == null ? 0 : hl7.openConnections())
                .withDetail("deliveries running", runner.deliveriesRunning()).build();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        since = Instant.now();
        long started = System.nanoTime();
        Duration handBack = handBackPart(drainTime);
        Duration finishing = drainTime.minus(handBack);
        LOG.info("Draining (zorgbrug.node.drain {}): health says OUT_OF_SERVICE, the DICOM listener accepts no new"
                + " association, no new job is taken; {} open associations and {} deliveries may finish within {}",
                drainTime, listener.openConnections(), runner.deliveriesRunning(), finishing);
        listener.stopAccepting();
        runner.stopTaking();
        try {
            if (hl7 != null && !hl7.drain(handBack)) {
                LOG.warn("Draining: {} HL7 connections still had a message in hand after {}; they are closed, and"
                        + " their senders send it again (to another node)", hl7.openConnections(), handBack);
            }
            long finishLeft = Math.max(0, finishing.toMillis() - (System.nanoTime() - started) / 1_000_000);
            if (!listener.awaitIdle(finishLeft)) {
                LOG.warn("Draining: {} DICOM associations still open after {}; they are closed, and their senders send"
                        + " what was not acknowledged again (to another node)", listener.openConnections(), finishing);
            }
            listener.close();
            Duration left = finishing.minusNanos(System.nanoTime() - started);
            int still = runner.drain(left.isNegative() ? Duration.ZERO : left, handBack);
            if (still > 0) {
                LOG.warn("Draining: {} deliveries did not stop within {}; their jobs pass to another node when their"
                        + " leases end", still, drainTime);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
        }
        LOG.info("Drained in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before every other part of the node: the highest phase stops first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}

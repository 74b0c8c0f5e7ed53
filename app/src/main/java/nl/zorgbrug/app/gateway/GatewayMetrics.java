package nl.zorgbrug.app.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;

/**
 * The node's metrics for Prometheus (issue 5): jobs by state, objects and bytes per route, BSN
 * verdicts per direction, and what routes decided (forward, hold, quarantine). The counters listen to the
 * gateway's events ({@link GatewayEvent.ObjectReceived}), in process. Every meter carries the tag {@code node} with
 * this node's id (issue 22: a Prometheus that scrapes several nodes tells them apart; {@code NodeConfiguration}), and
 * {@code zorgbrug.jobs.held} counts the jobs in progress whose lease this node holds. {@code zorgbrug.jobs} counts the
 * jobs of the shared database, the same on every node.
 */
@Component
public class GatewayMetrics implements GatewayEvents.Listener {
    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry, JobRepository jobs, nl.zorgbrug.gateway.job.Leases leases,
                          java.time.Clock clock) {
        this.registry = registry;
        Gauge.builder("zorgbrug.jobs.held", jobs, j -> j.countHeld(leases.nodeId(), clock.instant()))
                .description("jobs in progress whose lease this node holds (it delivers them, or waits for their"
                        + " storage commitment report or SFTP receipt)").register(registry);
        for (JobState state : JobState.values()) {
            Gauge.builder("zorgbrug.jobs", jobs, j -> j.count(state))
                    .tag("state", state.name()).description("jobs in this state").register(registry);
        }
    }

    @Override
    public void on(GatewayEvent event) {
        if (!(event instanceof GatewayEvent.ObjectReceived received)) {
            return;
        }
        String route = received.route();
        String direction = received.direction().name();
        Counter.builder("zorgbrug.objects.received").tag("route", route).tag("direction", direction)
                .register(registry).increment();
        Counter.builder("zorgbrug.bytes.received").baseUnit("bytes").tag("route", route).tag("direction", direction)
                .register(registry).increment(received.bytes());
        Counter.builder("zorgbrug.route.decisions").tag("route", route)
                .tag("decision", received.decision().name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
        if (received.verdict() != null) {
            Counter.builder("zorgbrug.bsn.verdicts").tag("direction", direction).tag("verdict", received.verdict().name())
                    .register(registry).increment();
        }
    }
}

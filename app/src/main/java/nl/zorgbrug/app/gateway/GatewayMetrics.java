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
 * gateway's events ({@link GatewayEvent.ObjectReceived}), in process.
 */
@Component
public class GatewayMetrics implements GatewayEvents.Listener {
    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry, JobRepository jobs) {
        this.registry = registry;
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

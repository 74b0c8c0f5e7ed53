package nl.zorgbrug.app.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.RouteDecision;

/**
 * The node's metrics for Prometheus (issue 5): jobs by state, objects and bytes per route, BSN
 * verdicts per direction, and what routes decided (forward, hold, quarantine).
 */
@Component
public class GatewayMetrics implements GatewayStoreHandler.Listener {
    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry, JobRepository jobs) {
        this.registry = registry;
        for (JobState state : JobState.values()) {
            Gauge.builder("zorgbrug.jobs", jobs, j -> j.count(state))
                    .tag("state", state.name()).description("jobs in this state").register(registry);
        }
    }

    @Override
    public void received(Route route, long bytes, RouteDecision decision) {
        String direction = route.direction().name();
        Counter.builder("zorgbrug.objects.received").tag("route", route.name()).tag("direction", direction)
                .register(registry).increment();
        Counter.builder("zorgbrug.bytes.received").baseUnit("bytes").tag("route", route.name()).tag("direction", direction)
                .register(registry).increment(bytes);
        String outcome = decision instanceof RouteDecision.Forward ? "forward"
                : decision instanceof RouteDecision.Hold ? "hold" : "quarantine";
        Counter.builder("zorgbrug.route.decisions").tag("route", route.name()).tag("decision", outcome)
                .register(registry).increment();
        if (decision.verdict() != null) {
            Counter.builder("zorgbrug.bsn.verdicts").tag("direction", direction).tag("verdict", decision.verdict())
                    .register(registry).increment();
        }
    }
}

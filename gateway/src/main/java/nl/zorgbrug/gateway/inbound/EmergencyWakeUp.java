package nl.zorgbrug.gateway.inbound;

import nl.zorgbrug.gateway.delivery.Arrivals;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.events.GatewayEvents;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Emergency mode's listener: an object that joined a job of an emergency route wakes the delivery runner at once
 * (no quiet time) and tells a delivery that keeps its association open for the next slice ({@link Arrivals}).
 * A HELD job waits for a person instead. In process only: a missed wake-up costs one runner tick, no object.
 */
public final class EmergencyWakeUp implements GatewayEvents.Listener {
    private final Arrivals arrivals;
    private final Runnable wake;

    /** @param wake wakes the delivery runner */
    public EmergencyWakeUp(Arrivals arrivals, Runnable wake) {
        this.arrivals = arrivals;
        this.wake = wake;
    }

    @Override
    public void on(GatewayEvent event) {
        if (event instanceof GatewayEvent.JoinedJob joined && joined.urgent() && joined.jobState() != JobState.HELD) {
            arrivals.arrived(joined.jobId(), joined.destination());
            wake.run();
        }
    }
}

package nl.zorgbrug.gateway.route;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.gateway.job.Direction;

/**
 * A route: where objects received on one AE title go, in which direction, through which steps.
 * The steps run in order; the first that decides ends the route; when none does, the object is
 * forwarded with the edits the steps collected.
 *
 * @param destination address-book key of where objects go (for import: our own PACS)
 * @param urgent      emergency mode: forward each object as soon as it is spooled
 */
public record Route(String name, String calledAeTitle, Direction direction, String destination, boolean urgent,
                    List<RouteStep> steps) {

    public Route {
        steps = List.copyOf(steps);
    }

    public RouteDecision decide(DataSet header, Instant now) {
        RouteContext context = new RouteContext(header, now);
        for (RouteStep step : steps) {
            Optional<RouteDecision> decision = step.apply(context);
            if (decision.isPresent()) {
                return decision.get();
            }
        }
        return new RouteDecision.Forward(context.edits(), context.verdict());
    }
}

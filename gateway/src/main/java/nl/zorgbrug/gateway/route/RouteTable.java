package nl.zorgbrug.gateway.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;

/**
 * The node's routes, checked as a whole: every route found by its name, by the AE title it is called on, and
 * for a job by its direction and destination. A configuration the node cannot run with is refused when the
 * table is built, with the reason, so the node does not start with it.
 *
 * <p>A job knows its destination and direction, not its route: so each destination may be reached by one
 * route per direction, or a delivery could look for its objects in the wrong route's spool.
 */
public final class RouteTable {
    private final List<Route> routes;
    private final Map<String, Route> byName = new LinkedHashMap<>();
    private final Map<String, Route> byCalledAeTitle = new LinkedHashMap<>();

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        Map<String, String> routeOfDestination = new LinkedHashMap<>();
        for (Route route : this.routes) {
            Route sameName = byName.putIfAbsent(route.name(), route);
            if (sameName != null) {
                // The route's name names its part of the spool: two routes would share (and de-duplicate) objects.
                throw new IllegalArgumentException("routes: two routes are named '" + route.name()
                        + "'; give each route its own name");
            }
            Route sameAe = byCalledAeTitle.putIfAbsent(route.calledAeTitle(), route);
            if (sameAe != null) {
                throw new IllegalArgumentException("routes '" + sameAe.name() + "' and '" + route.name()
                        + "' are both called on AE title '" + route.calledAeTitle() + "'; give each route its own");
            }
            for (String destination : route.destinations()) {
                String earlier = routeOfDestination.putIfAbsent(route.direction() + " " + destination, route.name());
                if (earlier != null) {
                    throw new IllegalArgumentException("routes '" + earlier + "' and '" + route.name() + "' both send "
                            + route.direction() + " to '" + destination
                            + "'; let one route (with destination rules) serve it");
                }
            }
        }
    }

    /** A table of routes built already (tests, fixtures); checked like configured ones. */
    public static RouteTable of(List<Route> routes) {
        return new RouteTable(routes);
    }

    /**
     * Builds the routes from their definitions, each with the steps {@code steps} gives it.
     *
     * @throws IllegalArgumentException naming the route and what is wrong: a destination rule that cannot work,
     *                                  two routes sending one direction to one destination, a name or AE title used twice
     */
    public static RouteTable of(List<RouteDefinition> definitions, Function<RouteDefinition, List<RouteStep>> steps) {
        List<Route> routes = new ArrayList<>();
        for (RouteDefinition d : definitions) {
            if (!d.assumeLocalIssuerFrom().isEmpty() && d.direction() != Direction.EXPORT) {
                // Only the export swap reads our own issuer; on import the sender's issuer is what identifies its patient.
                throw new IllegalArgumentException("routes '" + d.name() + "': assume-local-issuer-from is for export"
                        + " routes only; remove it from this " + d.direction() + " route");
            }
            List<DestinationRule> rules = new ArrayList<>();
            for (RouteDefinition.Rule rule : d.rules()) {
                try {
                    rules.add(DestinationRule.of(rule.attribute(), rule.matches(), rule.destination()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("routes '" + d.name() + "': " + e.getMessage(), e);
                }
            }
            routes.add(new Route(d.name(), d.calledAeTitle(), d.direction(), d.destination(), d.urgent(),
                    steps.apply(d), rules));
        }
        return new RouteTable(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    public Optional<Route> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Route> byCalledAeTitle(String calledAeTitle) {
        return Optional.ofNullable(byCalledAeTitle.get(calledAeTitle));
    }

    /** The import routes, in configured order. */
    public List<Route> importRoutes() {
        return routes.stream().filter(r -> r.direction() == Direction.IMPORT).toList();
    }

    /**
     * The route whose spool holds a job's objects: the one sending the job's direction to its destination.
     * A job to a destination no route names (a person sent a study elsewhere) goes through the first route of
     * its direction.
     */
    public Route routeFor(Job job) {
        return routeFor(routes, job);
    }

    /** As {@link #routeFor(Job)}, over a plain list of routes. */
    public static Route routeFor(List<Route> routes, Job job) {
        for (Route r : routes) {
            if (r.direction() == job.direction() && r.destinations().contains(job.destination())) {
                return r;
            }
        }
        for (Route r : routes) {
            if (r.direction() == job.direction()) {
                return r;
            }
        }
        throw new IllegalStateException("no route for " + job.direction() + " to " + job.destination()
                + "; configure a route of that direction (zorgbrug.gateway.routes)");
    }
}

package nl.zorgbrug.gateway.route;

import java.util.Optional;

/**
 * One small step of a route, testable alone (like a handler in a Netty pipeline): it looks at the
 * object, may add edits or a verdict, and either lets the next step run (empty) or decides.
 */
@FunctionalInterface
public interface RouteStep {
    Optional<RouteDecision> apply(RouteContext context);
}

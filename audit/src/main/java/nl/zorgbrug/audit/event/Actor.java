package nl.zorgbrug.audit.event;

import java.util.Objects;

/**
 * Who acted (NEN 7513:2018: the user's identification, name and role) and on whose behalf: the responsible
 * organisation, by its URA. {@code name} and {@code onBehalfOf} may be null when unknown (a failed login knows only
 * the name typed; a remote system has no person).
 */
public record Actor(String userId, String name, Role role, Ura onBehalfOf) {
    public Actor {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("an actor needs a user id (the node itself is Actor.system)");
        }
    }

    /** The node itself, acting for its own organisation. */
    public static Actor system(String nodeName, Ura organisation) {
        return new Actor(nodeName, nodeName, Role.SYSTEM, organisation);
    }

    /** A person of the own organisation. */
    public static Actor person(String userId, String name, Role role, Ura organisation) {
        return new Actor(userId, name, role, organisation);
    }
}

package nl.zorgbrug.audit.gateway;

import nl.zorgbrug.audit.event.Actor;

/** The person behind a user name in a gateway event, with the role and organisation the trail records. */
@FunctionalInterface
public interface People {
    Actor actor(String userId);
}

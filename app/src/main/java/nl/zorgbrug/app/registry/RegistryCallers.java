package nl.zorgbrug.app.registry;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.Ura;

/**
 * Who called the registry or the source (ITI-42, ITI-18, ITI-43, RAD-69, WADO-RS) as the audit trail names them
 * (NEN 7513: on whose behalf; Wabvpz art. 15d: the patient's overview shows which organisation requested which
 * study): a caller listed in {@code zorgbrug.registry.requesters} acts for the organisation (URA) listed there, the
 * same organisation consent was asked for, not for this node's; any other caller as {@link AuditActors} knows it.
 */
final class RegistryCallers {
    private final AuditActors actors;
    private final Map<String, RegistryProperties.Requester> requesters;

    RegistryCallers(AuditActors actors, RegistryProperties registry) {
        this.actors = actors;
        this.requesters = registry == null ? Map.of() : registry.requesters().stream()
                .collect(Collectors.toUnmodifiableMap(RegistryProperties.Requester::user, Function.identity()));
    }

    /** The authenticated caller of the current request, or the node itself when none is (a job's own work). */
    Actor caller() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        return who == null || who.getName() == null ? actors.node() : of(who.getName());
    }

    /** The user {@code userId}, on behalf of its requester organisation when one is configured. */
    Actor of(String userId) {
        Actor known = actors.person(userId);
        RegistryProperties.Requester requester = requesters.get(userId);
        if (requester == null || requester.ura() == null) {
            return known;
        }
        return new Actor(known.userId(), known.name(), known.role(), new Ura(requester.ura()));
    }
}

package nl.zorgbrug.app.privacy;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import nl.zorgbrug.app.access.AccessPolicy;
import nl.zorgbrug.app.audit.AuditConfiguration;
import nl.zorgbrug.audit.event.Actor;

/**
 * Who opens an overview, as the trail records them: the logged-in person in the privacy officer's role, also when
 * the user has more roles (only that role may open it), else in the role of their authorities.
 */
final class OverviewReaders {
    private OverviewReaders() {
    }

    static Actor of(Authentication who, AuditConfiguration.AuditActors actors) {
        nl.zorgbrug.audit.event.Role role = AccessPolicy.rolesOf(who).contains(AccessPolicy.UserRole.PRIVACY_OFFICER)
                ? nl.zorgbrug.audit.event.Role.PRIVACY_OFFICER
                : AuditConfiguration.AuditActors.roleOf(
                        who.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
        Actor person = actors.of(who);
        return Actor.person(person.userId(), person.name(), role, person.onBehalfOf());
    }
}

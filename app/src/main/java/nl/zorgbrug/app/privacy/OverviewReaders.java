package nl.zorgbrug.app.privacy;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import nl.zorgbrug.app.audit.AuditConfiguration;
import nl.zorgbrug.audit.event.Actor;

/** Who opens an overview, as the trail records them: the logged-in person with the role of their authorities. */
final class OverviewReaders {
    private OverviewReaders() {
    }

    static Actor of(Authentication who, AuditConfiguration.AuditActors actors) {
        return Actor.person(who.getName(), who.getName(), AuditConfiguration.AuditActors.roleOf(
                who.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList()), actors.organisation());
    }
}

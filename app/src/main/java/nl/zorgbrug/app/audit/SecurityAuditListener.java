package nl.zorgbrug.app.audit;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.trail.AuditLog;

/**
 * The console's security events in the audit trail (NEN 7513; issue 17: login, logout, failed login): a login
 * through the form (not every API call with HTTP Basic, which authenticates each request), every refused login
 * (form or Basic, a lock-out included), and a logout. Written at once, on the request's thread: a few per person a
 * day, and a failed login must be in the trail even if the node stops right after.
 */
final class SecurityAuditListener {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityAuditListener.class);

    private final AuditLog trail;
    private final AuditConfiguration.AuditActors actors;
    private final Clock clock;

    SecurityAuditListener(AuditLog trail, AuditConfiguration.AuditActors actors, Clock clock) {
        this.trail = trail;
        this.actors = actors;
        this.clock = clock;
    }

    @EventListener
    public void loggedIn(InteractiveAuthenticationSuccessEvent event) {
        record(EventType.LOGIN, actorOf(event.getAuthentication()), event.getAuthentication(), Outcome.SUCCESS, null);
    }

    @EventListener
    public void refused(AbstractAuthenticationFailureEvent event) {
        Authentication attempt = event.getAuthentication();
        if (attempt instanceof org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken
                || attempt instanceof org.springframework.security.oauth2.client.authentication.OAuth2AuthorizationCodeAuthenticationToken) {
            return; // recorded with what the token said, by refusedByProvider
        }
        String name = attempt.getName() == null || attempt.getName().isBlank() ? "(no name)" : attempt.getName();
        boolean locked = event.getException() instanceof LockedException;
        record(EventType.LOGIN_FAILED, Actor.person(name, null, actors.person(name).role(), actors.organisation()),
                attempt, locked ? Outcome.SERIOUS_FAILURE : Outcome.MINOR_FAILURE,
                locked ? "locked out after too many failed logins" : "wrong user name or password");
    }

    /**
     * A login through the hospital's identity provider that the node refused: with the user id, name and URA the
     * token gave when it named the person (role UNKNOWN, since none of the token's roles is the node's), else as
     * an unnamed attempt; the reason without any token.
     */
    @EventListener
    public void refusedByProvider(nl.zorgbrug.app.security.OidcLoginRefused event) {
        Actor actor = event.person() != null ? actors.person(event.person())
                : Actor.person("(identity provider)", null, nl.zorgbrug.audit.event.Role.UNKNOWN, actors.organisation());
        AuditEvent.Builder built = AuditEvent.of(EventType.LOGIN_FAILED, actor, clock.instant())
                .outcome(Outcome.MINOR_FAILURE).detail("identity provider: " + event.reason());
        if (event.remoteAddress() != null) {
            built.accessPoint(AccessPoint.host(event.remoteAddress()));
        }
        write(EventType.LOGIN_FAILED, actor, built);
    }

    @EventListener
    public void loggedOut(LogoutSuccessEvent event) {
        record(EventType.LOGOUT, actorOf(event.getAuthentication()), event.getAuthentication(), Outcome.SUCCESS, null);
    }

    /**
     * A console session that ended because its person was idle too long (the servlet container's time-out) is a
     * LOGOUT too (NEN 7513: the end of a session), with the idle time as detail. A session ended by the logout
     * button, or by a login that replaced it, was used just before and is left out: {@link #loggedOut} has it.
     */
    @EventListener
    public void sessionEnded(org.springframework.security.web.session.HttpSessionDestroyedEvent event) {
        jakarta.servlet.http.HttpSession session = event.getSession();
        int idleLimit = session.getMaxInactiveInterval();
        long idle = clock.millis() - session.getLastAccessedTime();
        if (idleLimit <= 0 || idle < idleLimit * 1000L) {
            return;
        }
        for (org.springframework.security.core.context.SecurityContext context : event.getSecurityContexts()) {
            Authentication who = context.getAuthentication();
            if (who != null && who.isAuthenticated()
                    && !(who instanceof org.springframework.security.authentication.AnonymousAuthenticationToken)) {
                record(EventType.LOGOUT, actorOf(who), who, Outcome.SUCCESS, "session timed out after "
                        + java.time.Duration.ofSeconds(idleLimit).toMinutes() + " minutes without activity");
            }
        }
    }

    private Actor actorOf(Authentication authentication) {
        return actors.of(authentication);
    }

    private void record(EventType type, Actor actor, Authentication authentication, Outcome outcome, String detail) {
        AuditEvent.Builder event = AuditEvent.of(type, actor, clock.instant()).outcome(outcome).detail(detail);
        if (authentication.getDetails() instanceof WebAuthenticationDetails web) {
            event.accessPoint(AccessPoint.host(web.getRemoteAddress()));
        }
        write(type, actor, event);
    }

    private void write(EventType type, Actor actor, AuditEvent.Builder event) {
        try {
            trail.record(event.build());
        } catch (RuntimeException e) {
            // The login itself is not undone; the failure to log it is loud.
            LOG.error("audit: the {} of {} could not be written to the trail: {}", type, actor.userId(), e.getMessage(),
                    e);
        }
    }
}

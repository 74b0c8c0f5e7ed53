package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;

import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Role;

/**
 * Issue 17 (NEN 7513: the end of a session): a console session the container ends after its idle time-out is a
 * LOGOUT of its person with the idle time; a session ended while in use (the logout button, which records its own
 * LOGOUT) and a session nobody logged in to are not.
 */
class SessionTimeoutAuditTest {
    private final List<AuditEvent> trail = new ArrayList<>();

    private SecurityAuditListener listener(Duration later) {
        return new SecurityAuditListener(trail::addAll,
                new AuditConfiguration.AuditActors(Actor.system("zorgbrug", null), null, null, null),
                Clock.offset(Clock.systemUTC(), later));
    }

    private static MockHttpSession session(boolean loggedIn) {
        MockHttpSession session = new MockHttpSession();
        session.setMaxInactiveInterval(30 * 60);
        if (loggedIn) {
            session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                    new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated("olga", null,
                            List.of(new SimpleGrantedAuthority("ROLE_OPERATOR")))));
        }
        return session;
    }

    @Test
    void aSessionThatTimedOutIsALogoutOfItsPerson() {
        listener(Duration.ofMinutes(31)).sessionEnded(new HttpSessionDestroyedEvent(session(true)));
        assertThat(trail).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.LOGOUT);
            assertThat(e.actor().userId()).isEqualTo("olga");
            assertThat(e.actor().role()).isEqualTo(Role.OPERATOR);
            assertThat(e.detail()).isEqualTo("session timed out after 30 minutes without activity");
        });
    }

    @Test
    void aSessionEndedInUseOrWithoutAPersonIsNoTimeOut() {
        listener(Duration.ofSeconds(2)).sessionEnded(new HttpSessionDestroyedEvent(session(true)));
        listener(Duration.ofMinutes(31)).sessionEnded(new HttpSessionDestroyedEvent(session(false)));
        assertThat(trail).isEmpty();
    }
}

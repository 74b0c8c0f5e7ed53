package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.access.ShownPatients;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.bsn.Bsn;

/**
 * A list's audit event (issue 17, NEN 7513: every patient a list showed): written after the handler and before
 * anything is shown, naming each patient the handler named, at most 200 per event; the same result set shown again to
 * the same session within the repeat window once; a failed handler's event at completion with its outcome.
 */
class PatientDataAuditorTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private final List<AuditEvent> trail = new ArrayList<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(T);
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final PatientDataAuditor auditor = new PatientDataAuditor(trail::addAll,
            new AuditConfiguration.AuditActors(Actor.system("zorgbrug", null), null, null, null),
            job -> java.util.Optional.empty(), null,
            id -> Bsn.isValid(id) ? PatientRef.of(Bsn.parse(id)) : new PatientRef(null, id),
            issued -> nl.zorgbrug.audit.event.ObjectRef.foreignPatient(issued.id(), issued.issuer()), Duration.ofMinutes(10),
            clock);

    /** A list handler, as the console's are declared. */
    static class Lists {
        @PatientData(value = EventType.QUERY, subject = PatientData.Subject.PATIENT, listsPatients = true)
        public String table() {
            return "jobs :: table";
        }
    }

    @AfterEach
    void clear() {
        RequestContextHolder.resetRequestAttributes();
        SecurityContextHolder.clearContext();
    }

    private HandlerMethod handler() throws NoSuchMethodException {
        return new HandlerMethod(new Lists(), Lists.class.getMethod("table"));
    }

    /** One request to the list in this session, the handler naming these Patient IDs; returns its response. */
    private MockHttpServletResponse show(MockHttpSession session, List<String> ids, boolean fails) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/jobs/table");
        request.setRemoteAddr("10.0.0.9");
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/jobs/table");
        request.addParameter("state", "DONE");
        if (session != null) {
            request.setSession(session);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request, response));
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("olga",
                null, List.of(new SimpleGrantedAuthority("ROLE_OPERATOR"))));
        HandlerMethod handler = handler();
        int before = trail.size();
        assertThat(auditor.preHandle(request, response, handler)).isTrue();
        assertThat(trail).as("nothing is known before the handler ran").hasSize(before);
        ShownPatients.ids(ids);
        if (fails) {
            response.setStatus(500);
            auditor.afterCompletion(request, response, handler, new IllegalStateException("the database is gone"));
        } else {
            auditor.postHandle(request, response, handler, null);
            auditor.afterCompletion(request, response, handler, null);
        }
        return response;
    }

    private static List<String> bsns(int n, long seed) {
        Random random = new Random(seed);
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> TestEvents.bsn(random).value()).distinct().toList();
    }

    @Test
    void aListNamesEveryPatientItShowedAtMostTwoHundredPerEvent() throws Exception {
        List<String> shown = new ArrayList<>(bsns(240, 5));
        shown.add("LOCAL-7");
        show(null, shown, false);

        assertThat(trail).hasSize(2);
        assertThat(trail).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.QUERY);
            assertThat(e.actor().role()).isEqualTo(Role.OPERATOR);
            assertThat(e.accessPoint().host()).isEqualTo("10.0.0.9");
            assertThat(e.detail()).startsWith("GET /jobs/table [state]; " + shown.size() + " patients shown");
            assertThat(nl.zorgbrug.audit.event.AuditCodec.encode(e).length()).as("fits the record's 16,000")
                    .isLessThan(16_000);
        });
        assertThat(trail.get(0).objects()).hasSize(PatientDataAuditor.PATIENTS_PER_EVENT)
                .allSatisfy(o -> assertThat(o.kind()).isEqualTo(ObjectKind.PATIENT));
        List<PatientRef> named = trail.stream().flatMap(e -> e.patients().stream()).toList();
        assertThat(named).hasSize(shown.size());
        assertThat(named.subList(0, shown.size() - 1)).extracting(p -> p.bsn().value())
                .containsExactlyElementsOf(shown.subList(0, shown.size() - 1));
        assertThat(named.get(named.size() - 1)).isEqualTo(new PatientRef(null, "LOCAL-7"));
    }

    @Test
    void theSameListRefreshedInTheSameSessionIsOneViewUntilItChangesOrTheWindowPasses() throws Exception {
        MockHttpSession session = new MockHttpSession();
        List<String> two = bsns(2, 9);
        show(session, two, false);
        now.set(T.plusSeconds(5));
        show(session, two, false);
        now.set(T.plusSeconds(10));
        show(session, List.of(two.get(1), two.get(0)), false);
        assertThat(trail).as("the job list's refresh every 5 s, the same patients").hasSize(1);

        List<String> three = new ArrayList<>(two);
        three.add(bsns(3, 10).get(2));
        now.set(T.plusSeconds(15));
        show(session, three, false);
        assertThat(trail).as("a patient more is another view").hasSize(2);
        assertThat(trail.get(1).patients()).hasSize(3);

        now.set(T.plusSeconds(15).plus(Duration.ofMinutes(10)));
        show(session, three, false);
        assertThat(trail).as("after the window the list open still leaves an event").hasSize(3);

        show(new MockHttpSession(), three, false);
        show(null, three, false);
        show(null, three, false);
        assertThat(trail).as("another session, and calls without a session, each leave theirs").hasSize(6);
    }

    @Test
    void aFailedListLeavesItsEventAtCompletionWithTheOutcome() throws Exception {
        show(new MockHttpSession(), bsns(1, 11), true);
        assertThat(trail).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.SERIOUS_FAILURE);
            assertThat(e.patients()).hasSize(1);
        });
    }
}

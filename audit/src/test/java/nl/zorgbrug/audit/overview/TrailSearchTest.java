package nl.zorgbrug.audit.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;

/** The privacy officer's search of the trail: by period, type and user, newest first, and itself in the trail. */
class TrailSearchTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private final InMemoryAuditStore store = new InMemoryAuditStore();
    private final AuditTrail trail = new AuditTrail(store, NodeKey.generate(), Clock.fixed(T, ZoneOffset.UTC));
    private final TrailSearch search = new TrailSearch(store, trail, Clock.fixed(T, ZoneOffset.UTC));
    private final Actor petra = Actor.person("petra", "Petra", Role.PRIVACY_OFFICER, TestEvents.OWN);

    @Test
    void findsThePeriodsEventsOfTheTypeAndUserNewestFirstAndLogsTheSearch() {
        trail.record(TestEvents.full(TestEvents.bsn(new Random(3)), T.minusSeconds(7200), "too early"));
        trail.record(TestEvents.full(TestEvents.bsn(new Random(3)), T.minusSeconds(600), "olga's first"));
        trail.record(TestEvents.numbered(2, T.minusSeconds(500)));
        trail.record(TestEvents.full(TestEvents.bsn(new Random(4)), T.minusSeconds(400), "olga's second"));

        TrailSearch.Result byUser = search.search(new TrailSearch.Criteria(T.minusSeconds(3600), T, null, "OLGA"),
                petra, AccessPoint.host("10.1.1.1"));
        assertThat(byUser.events()).extracting(AuditEvent::detail).containsExactly("olga's second", "olga's first");
        assertThat(byUser.complete()).isTrue();
        AuditEvent logged = store.records().get(store.records().size() - 1).event();
        assertThat(logged.type()).isEqualTo(EventType.AUDIT_READ);
        assertThat(logged.actor()).isEqualTo(petra);
        assertThat(logged.detail()).contains("user OLGA").endsWith("2 records shown");

        TrailSearch.Result byType = search.search(new TrailSearch.Criteria(T.minusSeconds(3600), T.plusSeconds(1),
                EventType.AUDIT_READ, null), petra, null);
        assertThat(byType.events()).as("the first search, itself read").singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("audit trail searched"));
    }

    @Test
    void nobodyButAPrivacyOfficerMaySearchAndAPeriodMustEndAfterItStarts() {
        Actor auditor = Actor.person("anna", "Anna", Role.AUDITOR, TestEvents.OWN);
        assertThatThrownBy(() -> search.search(new TrailSearch.Criteria(T.minusSeconds(60), T, null, null), auditor,
                null)).isInstanceOf(SecurityException.class).hasMessageContaining("only a privacy officer");
        assertThat(store.records()).isEmpty();
        assertThatThrownBy(() -> new TrailSearch.Criteria(T, T, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends");
    }
}

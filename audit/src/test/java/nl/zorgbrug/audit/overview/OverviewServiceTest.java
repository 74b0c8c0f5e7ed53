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
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.bsn.Bsn;

/** The patient's overview: exactly the patient's events, only for the privacy officer, and opening it is logged. */
class OverviewServiceTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private final Bsn patient = TestEvents.bsn(new Random(1));
    private final Bsn other = TestEvents.bsn(new Random(2));
    private final InMemoryAuditStore store = new InMemoryAuditStore();
    private final AuditTrail trail = new AuditTrail(store, NodeKey.generate(), Clock.fixed(T, ZoneOffset.UTC));
    private final OverviewService service = new OverviewService(store, trail, Clock.fixed(T, ZoneOffset.UTC));
    private final Actor petra = Actor.person("petra", "Petra", Role.PRIVACY_OFFICER, TestEvents.OWN);

    @Test
    void listsExactlyThePatientsEventsAndLogsThatItWasOpened() {
        trail.record(TestEvents.full(patient, T, "sent"));
        trail.record(TestEvents.full(other, T, "someone else"));
        trail.record(TestEvents.numbered(3, T));
        trail.record(TestEvents.full(patient, T.plusSeconds(5), "sent again"));

        PatientOverview overview = service.overview(patient, petra, AccessPoint.host("10.1.1.1"));
        assertThat(overview.events()).extracting(AuditEvent::detail).containsExactly("sent", "sent again");
        assertThat(overview.complete()).isTrue();

        AuditEvent read = store.records().get(store.records().size() - 1).event();
        assertThat(read.type()).isEqualTo(EventType.AUDIT_READ);
        assertThat(read.actor()).isEqualTo(petra);
        assertThat(read.patient().bsn()).isEqualTo(patient);

        assertThat(service.overview(patient, petra, null).events()).extracting(AuditEvent::type)
                .as("the earlier opening is itself in the next overview").endsWith(EventType.AUDIT_READ);
    }

    @Test
    void nobodyButAPrivacyOfficerMayOpenIt() {
        Actor auditor = Actor.person("anna", "Anna", Role.AUDITOR, TestEvents.OWN);
        assertThatThrownBy(() -> service.overview(patient, auditor, null)).isInstanceOf(SecurityException.class)
                .hasMessageContaining("only a privacy officer");
        assertThat(store.records()).extracting(AuditRecord::seq).isEmpty();
    }
}

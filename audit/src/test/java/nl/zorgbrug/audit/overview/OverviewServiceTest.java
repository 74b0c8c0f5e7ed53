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

    /**
     * A list that showed the patient among others (issue 17, NEN 7513: every patient a list showed) is in each shown
     * patient's overview, as that patient's view: the other patients it showed are not named in it.
     */
    @Test
    void aListThatShowedThePatientIsInTheOverviewWithoutTheOtherPatients() {
        Bsn third = TestEvents.bsn(new Random(3));
        Actor olga = Actor.person("olga", "Olga", Role.OPERATOR, TestEvents.OWN);
        trail.record(AuditEvent.of(EventType.QUERY, olga, T).accessPoint(AccessPoint.host("10.1.1.2"))
                .object(nl.zorgbrug.audit.event.ObjectRef.job(7))
                .object(nl.zorgbrug.audit.event.ObjectRef.patient(new nl.zorgbrug.audit.event.PatientRef(other, "L-2")))
                .object(nl.zorgbrug.audit.event.ObjectRef.patient(new nl.zorgbrug.audit.event.PatientRef(patient, "L-1")))
                .detail("GET /jobs/table; 2 patients shown").build());
        trail.record(AuditEvent.of(EventType.QUERY, olga, T).object(nl.zorgbrug.audit.event.ObjectRef.patient(
                nl.zorgbrug.audit.event.PatientRef.of(third))).detail("a list without the patient").build());

        PatientOverview overview = service.overview(patient, petra, AccessPoint.host("10.1.1.1"));
        assertThat(overview.events()).hasSize(1);
        AuditEvent seen = overview.events().get(0);
        assertThat(seen.detail()).isEqualTo("GET /jobs/table; 2 patients shown");
        assertThat(seen.patient()).isEqualTo(new nl.zorgbrug.audit.event.PatientRef(patient, "L-1"));
        assertThat(seen.patients()).as("no other patient in the patient's overview").containsExactly(seen.patient());
        assertThat(seen.objects()).containsExactly(nl.zorgbrug.audit.event.ObjectRef.job(7));
        assertThat(service.overview(other, petra, null).events()).extracting(AuditEvent::detail)
                .containsExactly("GET /jobs/table; 2 patients shown");
    }

    @Test
    void nobodyButAPrivacyOfficerMayOpenIt() {
        Actor auditor = Actor.person("anna", "Anna", Role.AUDITOR, TestEvents.OWN);
        assertThatThrownBy(() -> service.overview(patient, auditor, null)).isInstanceOf(SecurityException.class)
                .hasMessageContaining("only a privacy officer");
        assertThat(store.records()).extracting(AuditRecord::seq).isEmpty();
    }
}

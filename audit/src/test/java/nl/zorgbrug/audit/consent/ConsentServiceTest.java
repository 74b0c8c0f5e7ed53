package nl.zorgbrug.audit.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.bsn.Bsn;

/**
 * The built-in register's rules (issue 17): without explicit consent nothing is shared; a consent covers its
 * purpose, scope, categories and period until withdrawn; a later refusal outranks an earlier consent; a shielded
 * category is left out whatever consent says; every decision and change is in the trail.
 */
class ConsentServiceTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final Bsn BSN = TestEvents.bsn(new Random(5));
    private static final Requester HOSPITAL = Requester.organisation(TestEvents.OTHER, "V4");
    private static final Requester GP = Requester.organisation(new nl.zorgbrug.audit.event.Ura("00009999"), "Z3");
    private static final Actor DESK = Actor.person("petra", "Petra", Role.PRIVACY_OFFICER, TestEvents.OWN);

    private final MutableClock clock = new MutableClock(T);
    private final InMemoryAuditStore trail = new InMemoryAuditStore();
    private final InMemoryConsentStore store = new InMemoryConsentStore();
    private final ConsentService service = new ConsentService(store, new ConsentRegister(store),
            new AuditTrail(trail, NodeKey.generate(), clock), clock);

    private static ConsentRecord consent(String id, boolean permits, Scope scope, Set<DataCategory> categories,
                                         Instant from, Instant until, Instant recorded) {
        return new ConsentRecord(id, BSN, Purpose.BGZ_ON_REQUEST, permits, scope, categories, from, until,
                new ConsentRecord.Recording(ConsentRecord.Method.WRITTEN, "petra", recorded), null);
    }

    private ConsentDecision ask(Requester requester, DataCategory... categories) {
        return service.decide(BSN, requester, Purpose.BGZ_ON_REQUEST, Set.of(categories));
    }

    @Test
    void withoutConsentNothingIsShared() {
        ConsentDecision d = ask(HOSPITAL, DataCategory.PROBLEM);
        assertThat(d.permits(DataCategory.PROBLEM)).isFalse();
        assertThat(d.categories().get(DataCategory.PROBLEM).ground()).isEqualTo(CategoryDecision.Ground.NO_CONSENT);
    }

    @Test
    void aConsentCoversItsScopeCategoriesAndPeriodAndIsReliedOnByName() {
        service.record(consent("c1", true, new Scope.InstitutionType("V4"), Set.of(DataCategory.PROBLEM,
                DataCategory.ALERT), T.minusSeconds(60), T.plus(Duration.ofDays(365)), T.minusSeconds(60)), DESK);

        ConsentDecision d = ask(HOSPITAL, DataCategory.PROBLEM, DataCategory.MEDICATION_USE);
        assertThat(d.categories().get(DataCategory.PROBLEM)).isEqualTo(
                CategoryDecision.of(DataCategory.PROBLEM, CategoryDecision.Ground.CONSENT, "c1"));
        assertThat(d.permits(DataCategory.MEDICATION_USE)).as("a category the consent does not name").isFalse();
        assertThat(ask(GP, DataCategory.PROBLEM).permits(DataCategory.PROBLEM)).as("another type").isFalse();
        assertThat(service.decide(BSN, HOSPITAL, Purpose.IMAGE_AVAILABILITY, Set.of(DataCategory.PROBLEM))
                .permits(DataCategory.PROBLEM)).as("another purpose").isFalse();

        clock.set(T.plus(Duration.ofDays(366)));
        assertThat(ask(HOSPITAL, DataCategory.PROBLEM).permits(DataCategory.PROBLEM)).as("after the period").isFalse();
    }

    @Test
    void aWithdrawalAndALaterRefusalEndAConsent() {
        service.record(consent("c1", true, new Scope.AllCaregivers(), Set.of(), T.minusSeconds(60), null,
                T.minusSeconds(60)), DESK);
        assertThat(ask(GP, DataCategory.ALERT).permits(DataCategory.ALERT)).isTrue();

        service.record(consent("c2", false, new Scope.OneInstitution(GP.ura()), Set.of(), T, null, T), DESK);
        ConsentDecision refused = ask(GP, DataCategory.ALERT);
        assertThat(refused.categories().get(DataCategory.ALERT).ground()).isEqualTo(CategoryDecision.Ground.REFUSAL);
        assertThat(refused.categories().get(DataCategory.ALERT).reliedOn()).isEqualTo("c2");
        assertThat(ask(HOSPITAL, DataCategory.ALERT).permits(DataCategory.ALERT)).as("others still").isTrue();

        clock.set(T.plusSeconds(10));
        service.withdraw("c1", DESK);
        assertThat(ask(HOSPITAL, DataCategory.ALERT).permits(DataCategory.ALERT)).isFalse();
        assertThat(store.consent("c1").orElseThrow().withdrawal().by()).isEqualTo("petra");
    }

    @Test
    void shieldedCategoriesAreLeftOutWhateverConsentSays() {
        service.record(consent("c1", true, new Scope.AllCaregivers(), Set.of(), T.minusSeconds(60), null,
                T.minusSeconds(60)), DESK);
        service.shield(new Shielding("s1", BSN, Set.of(DataCategory.DRUG_USE, DataCategory.ALCOHOL_USE),
                new ConsentRecord.Recording(ConsentRecord.Method.VERBAL, "petra", T), null), DESK);

        ConsentDecision d = ask(HOSPITAL, DataCategory.PROBLEM, DataCategory.DRUG_USE, DataCategory.ALCOHOL_USE);
        assertThat(d.leaveOut()).containsExactlyInAnyOrder(DataCategory.DRUG_USE, DataCategory.ALCOHOL_USE);
        assertThat(d.categories().get(DataCategory.DRUG_USE).reliedOn()).isEqualTo("s1");
        assertThat(d.permits(DataCategory.PROBLEM)).isTrue();

        clock.set(T.plusSeconds(10));
        service.liftShielding("s1", DESK);
        assertThat(ask(HOSPITAL, DataCategory.DRUG_USE).permits(DataCategory.DRUG_USE)).isTrue();
    }

    @Test
    void everyDecisionAndChangeIsInTheTrailWithThePatientAndTheConsentReliedOn() {
        service.record(consent("c1", true, new Scope.AllCaregivers(), Set.of(), T.minusSeconds(60), null,
                T.minusSeconds(60)), DESK);
        ask(HOSPITAL, DataCategory.PROBLEM, DataCategory.ALERT);
        List<AuditEvent> events = trail.records().stream().map(AuditRecord::event).toList();
        assertThat(events).extracting(AuditEvent::type).containsExactly(EventType.CONSENT_CHANGE,
                EventType.CONSENT_DECISION);
        assertThat(events.get(0).actor()).isEqualTo(DESK);
        AuditEvent decision = events.get(1);
        assertThat(decision.patient().bsn()).isEqualTo(BSN);
        assertThat(decision.legalBasis()).isEqualTo(new LegalBasis.Consent("c1"));
        assertThat(decision.actor().onBehalfOf()).isEqualTo(TestEvents.OTHER);
        assertThat(decision.detail()).contains("PROBLEM PERMIT CONSENT").contains("ALERT PERMIT CONSENT");
    }

    /** A clock a test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

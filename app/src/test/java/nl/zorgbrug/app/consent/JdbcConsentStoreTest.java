package nl.zorgbrug.app.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.consent.CategoryDecision;
import nl.zorgbrug.audit.consent.ConsentDecision;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentRegister;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.consent.Scope;
import nl.zorgbrug.audit.consent.Shielding;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.bsn.Bsn;

/** The consent register on both databases (V17): records, scopes, withdrawal and shielding read back as kept. */
class JdbcConsentStoreTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void consentsAndShieldingsRoundTripAndDecide(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcConsentStore store = new JdbcConsentStore(new JdbcTemplate(ds));
            Clock clock = Clock.fixed(T, ZoneOffset.UTC);
            ConsentService service = new ConsentService(store, new ConsentRegister(store),
                    new AuditTrail(new JdbcAuditStore(ds), NodeKey.generate(), clock), clock);
            Bsn bsn = TestEvents.bsn(new Random(9));
            Actor desk = Actor.person("petra", "Petra", Role.PRIVACY_OFFICER, TestEvents.OWN);
            ConsentRecord.Recording recorded = new ConsentRecord.Recording(ConsentRecord.Method.WRITTEN, "petra",
                    T.minusSeconds(60));

            ConsentRecord typed = new ConsentRecord("c1", bsn, Purpose.BGZ_ON_REQUEST, true,
                    new Scope.InstitutionType("V4"), Set.of(DataCategory.PROBLEM, DataCategory.ALERT),
                    T.minusSeconds(60), T.plusSeconds(3600), recorded, null);
            ConsentRecord one = new ConsentRecord("c2", bsn, Purpose.IMAGE_AVAILABILITY, false,
                    new Scope.OneInstitution(TestEvents.OTHER), Set.of(), T.minusSeconds(60), null, recorded, null);
            service.record(typed, desk);
            service.record(one, desk);
            service.shield(new Shielding("s1", bsn, Set.of(DataCategory.ALERT), recorded, null), desk);
            assertThat(store.consents(bsn)).containsExactly(typed, one);

            ConsentDecision d = service.decide(bsn, Requester.organisation(TestEvents.OTHER, "V4"),
                    Purpose.BGZ_ON_REQUEST, Set.of(DataCategory.PROBLEM, DataCategory.ALERT));
            assertThat(d.categories().get(DataCategory.PROBLEM)).isEqualTo(
                    CategoryDecision.of(DataCategory.PROBLEM, CategoryDecision.Ground.CONSENT, "c1"));
            assertThat(d.categories().get(DataCategory.ALERT).ground()).isEqualTo(CategoryDecision.Ground.SHIELDED);

            service.withdraw("c1", desk);
            assertThat(store.consent("c1").orElseThrow().withdrawal()).isEqualTo(
                    new ConsentRecord.Withdrawal(T, "petra"));
            assertThat(store.shieldings(bsn)).extracting(Shielding::categories).containsExactly(
                    Set.of(DataCategory.ALERT));
            assertThat(new JdbcAuditStore(ds).read(0, 10)).extracting(r -> r.event().type()).containsExactly(
                    EventType.CONSENT_CHANGE, EventType.CONSENT_CHANGE, EventType.CONSENT_CHANGE,
                    EventType.CONSENT_DECISION, EventType.CONSENT_CHANGE);
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }
}

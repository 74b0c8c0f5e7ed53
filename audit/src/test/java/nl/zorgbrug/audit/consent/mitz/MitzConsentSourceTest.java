package nl.zorgbrug.audit.consent.mitz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.consent.CategoryDecision;
import nl.zorgbrug.audit.consent.ConsentDecision;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.InMemoryConsentStore;
import nl.zorgbrug.audit.consent.Permission;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.bsn.Bsn;

/**
 * Consent from Mitz over SOAP, against a fake on loopback: only a Permit permits; Deny, NotApplicable,
 * Indeterminate, a SOAP fault, a 503 and silence all deny, and each decision is in the trail, a failure as a serious
 * failure with its cause.
 */
class MitzConsentSourceTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final Bsn BSN = TestEvents.bsn(new Random(3));
    private MitzFake fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @ParameterizedTest
    @EnumSource(MitzFake.Mode.class)
    void onlyAPermitPermitsAndEveryAnswerIsAudited(MitzFake.Mode mode) throws Exception {
        fake = new MitzFake();
        fake.answer(mode);
        Clock clock = Clock.fixed(T, ZoneOffset.UTC);
        InMemoryAuditStore trail = new InMemoryAuditStore();
        ConsentService service = new ConsentService(new InMemoryConsentStore(),
                new MitzConsentSource(new SoapMitzClient(fake.uri(), Duration.ofMillis(500), clock), TestEvents.OWN,
                        "V4"),
                new AuditTrail(trail, NodeKey.generate(), clock), clock);

        ConsentDecision d = service.decide(BSN, new Requester(TestEvents.OTHER, "V4", "01.015", "900012345"),
                Purpose.BGZ_ON_REQUEST, Set.of(DataCategory.PROBLEM, DataCategory.ALERT));

        Permission expected = mode == MitzFake.Mode.PERMIT ? Permission.PERMIT : Permission.DENY;
        assertThat(d.categories().values()).extracting(CategoryDecision::permission).containsOnly(expected);
        CategoryDecision.Ground ground = d.categories().get(DataCategory.PROBLEM).ground();
        assertThat(ground).isEqualTo(switch (mode) {
            case PERMIT -> CategoryDecision.Ground.MITZ_PERMIT;
            case DENY -> CategoryDecision.Ground.MITZ_DENY;
            case NOT_APPLICABLE -> CategoryDecision.Ground.MITZ_NOT_APPLICABLE;
            case INDETERMINATE -> CategoryDecision.Ground.MITZ_INDETERMINATE;
            default -> CategoryDecision.Ground.MITZ_FAILED;
        });

        assertThat(fake.requests()).hasSize(1);
        assertThat(fake.requests().get(0)).contains("XACMLAuthzDecisionQuery").contains(BSN.value())
                .contains(">" + TestEvents.OWN.value() + "<").contains(">00005678<").contains(">900012345<")
                .contains(">Probleem<").contains(">Alert<").contains(">BGZ_ON_REQUEST<");

        AuditEvent audited = trail.records().stream().map(AuditRecord::event).reduce((a, b) -> b).orElseThrow();
        assertThat(audited.type()).isEqualTo(EventType.CONSENT_DECISION);
        assertThat(audited.patient().bsn()).isEqualTo(BSN);
        assertThat(audited.actor().onBehalfOf()).isEqualTo(TestEvents.OTHER);
        boolean failure = ground == CategoryDecision.Ground.MITZ_FAILED;
        assertThat(audited.outcome()).isEqualTo(failure ? Outcome.SERIOUS_FAILURE : Outcome.SUCCESS);
        if (failure) {
            assertThat(audited.detail()).contains(switch (mode) {
                case SOAP_FAULT -> "SOAP_FAULT";
                case UNAVAILABLE -> "HTTP 503";
                default -> "TIMEOUT";
            });
        }
    }
}

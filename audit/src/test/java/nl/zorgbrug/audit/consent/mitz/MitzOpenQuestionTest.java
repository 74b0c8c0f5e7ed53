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
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.bsn.Bsn;

/**
 * Mitz's open question (XCPD-shaped) against the loopback fake: the holders Mitz names come back; no consent is no
 * holders; an AE answer, a SOAP fault, a 503 and silence are no holders too (deny), and every answer is in the trail,
 * a failure as a serious failure with its cause.
 */
class MitzOpenQuestionTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");
    private static final Bsn BSN = TestEvents.bsn(new Random(5));
    private static final Ura UMCX = new Ura("00007777");
    private MitzFake fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    @ParameterizedTest
    @EnumSource(MitzFake.Mode.class)
    void onlyNamedHoldersComeBackAndEveryAnswerIsAudited(MitzFake.Mode mode) throws Exception {
        fake = new MitzFake();
        fake.answer(mode);
        fake.holders(TestEvents.OWN, UMCX);
        Clock clock = Clock.fixed(T, ZoneOffset.UTC);
        InMemoryAuditStore trail = new InMemoryAuditStore();
        MitzLocator locator = new MitzLocator(new SoapMitzClient(fake.uri(), Duration.ofMillis(500), clock),
                new AuditTrail(trail, NodeKey.generate(), clock), clock);

        MitzLocator.Answer answer = locator.holders(BSN, new Requester(TestEvents.OTHER, "V4", "01.015", "900012345"),
                Purpose.IMAGE_AVAILABILITY, Set.of(DataCategory.IMAGES));

        if (mode == MitzFake.Mode.PERMIT) {
            assertThat(answer.failed()).isFalse();
            assertThat(answer.holders()).extracting(Mitz.Holder::ura).containsExactly(TestEvents.OWN, UMCX);
            assertThat(answer.holders()).extracting(Mitz.Holder::institutionType).containsOnly("V4");
        } else {
            assertThat(answer.holders()).as("anything but a named holder is no holder").isEmpty();
        }
        boolean failure = switch (mode) {
            case PERMIT, DENY, NOT_APPLICABLE -> false;
            default -> true;
        };
        assertThat(answer.failed()).isEqualTo(failure);

        assertThat(fake.requests()).singleElement().satisfies(r -> assertThat(r).contains("PRPA_IN201305UV02")
                .contains("extension=\"" + BSN.value() + "\"").contains("extension=\"00005678\"")
                .contains("extension=\"900012345\"").contains("IMAGE_AVAILABILITY")
                .contains(SoapMitzClient.XCPD_ACTION));
        AuditEvent audited = trail.records().stream().map(AuditRecord::event).reduce((a, b) -> b).orElseThrow();
        assertThat(audited.type()).isEqualTo(EventType.CONSENT_DECISION);
        assertThat(audited.patient().bsn()).isEqualTo(BSN);
        assertThat(audited.actor().onBehalfOf()).isEqualTo(TestEvents.OTHER);
        assertThat(audited.outcome()).isEqualTo(failure ? Outcome.SERIOUS_FAILURE : Outcome.SUCCESS);
        assertThat(audited.detail()).contains(switch (mode) {
            case PERMIT -> "holders with consent: 00001234 (V4), 00007777 (V4)";
            case DENY, NOT_APPLICABLE -> "no holder has consent";
            case INDETERMINATE -> "acknowledgement AE";
            case SOAP_FAULT -> "SOAP_FAULT";
            case UNAVAILABLE -> "HTTP 503";
            case SILENT -> "TIMEOUT";
        });
    }
}

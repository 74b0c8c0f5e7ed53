package nl.zorgbrug.audit.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.bsn.Bsn;

/** The overview as FHIR: one AuditEvent per event, every NEN 7513 field where BALP puts it, and back again. */
class OverviewBundleTest {

    @Test
    void everyEventBecomesAnAuditEventWithItsFieldsAndTheJsonReadsBack() {
        Bsn bsn = TestEvents.bsn(new Random(3));
        Instant at = Instant.parse("2026-12-06T08:15:30.123Z");
        var event = TestEvents.full(bsn, at, "ontvangen van CT");
        PatientOverview overview = new PatientOverview(bsn, List.of(event), true);

        Bundle parsed = OverviewBundle.parse(OverviewBundle.json(OverviewBundle.of(overview, "zorgbrug-test")));

        assertThat(parsed.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(parsed.getEntry()).hasSize(1);
        assertThat(parsed.getEntryFirstRep().getFullUrl()).isEqualTo("urn:uuid:" + event.id());
        AuditEvent r = (AuditEvent) parsed.getEntryFirstRep().getResource();
        assertThat(r.getType().getCode()).isEqualTo("110104");
        assertThat(r.getSubtypeFirstRep().getCode()).isEqualTo("RECEIVE");
        assertThat(r.getAction().toCode()).isEqualTo("C");
        assertThat(r.getOutcome().toCode()).isEqualTo("0");
        assertThat(r.getRecorded().toInstant()).isEqualTo(at);
        assertThat(r.getOutcomeDesc()).isEqualTo("ontvangen van CT");
        AuditEvent.AuditEventAgentComponent user = r.getAgent().stream().filter(AuditEvent.AuditEventAgentComponent::getRequestor)
                .findFirst().orElseThrow();
        assertThat(user.getWho().getIdentifier().getValue()).isEqualTo(event.actor().userId());
        assertThat(user.getNetwork().getAddress()).isEqualTo("10.0.0.7");
        assertThat(r.getAgent()).extracting(a -> a.getType().getCodingFirstRep().getCode())
                .contains("110153", "110152", "ON_BEHALF_OF");
        assertThat(r.getAgent()).filteredOn(a -> "ON_BEHALF_OF".equals(a.getType().getCodingFirstRep().getCode()))
                .singleElement().satisfies(a -> {
                    assertThat(a.getWho().getIdentifier().getSystem()).isEqualTo(OverviewBundle.URA_SYSTEM);
                    assertThat(a.getWho().getIdentifier().getValue()).isEqualTo(event.actor().onBehalfOf().value());
                });
        assertThat(r.getEntity()).filteredOn(e -> "1".equals(e.getRole().getCode())).singleElement()
                .satisfies(p -> {
                    assertThat(p.getWhat().getIdentifier().getSystem()).isEqualTo(OverviewBundle.BSN_SYSTEM);
                    assertThat(p.getWhat().getIdentifier().getValue()).isEqualTo(bsn.value());
                });
        assertThat(r.getEntity()).extracting(e -> e.getWhat().getIdentifier().getValue())
                .contains("2.25.1000", "2.25.1000.1.1", "17");
        assertThat(r.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("TREAT");
        assertThat(r.getPurposeOfEventFirstRep().getText()).startsWith("referral ");
        assertThat(r.getSource().getSite()).isEqualTo("zorgbrug-test");
    }
}

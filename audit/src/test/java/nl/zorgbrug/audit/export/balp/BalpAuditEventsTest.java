package nl.zorgbrug.audit.export.balp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.Digest;
import nl.zorgbrug.bsn.Bsn;

/**
 * The FHIR AuditEvent of a NEN 7513 event, written as JSON and read back with HAPI's R4 parser: the BALP pattern
 * by action and patient, the agents and entities the pattern asks for.
 */
class BalpAuditEventsTest {
    private static final Instant T = Instant.parse("2026-12-06T08:15:30.123Z");
    private static final FhirContext R4 = FhirContext.forR4Cached();
    private final BalpAuditEvents events = new BalpAuditEvents("zorgbrug-test", TestEvents.OWN);

    private org.hl7.fhir.r4.model.AuditEvent roundTrip(AuditEvent e) {
        String json = R4.newJsonParser().encodeResourceToString(events.resource(AuditRecord.chain(9, e, Digest.GENESIS)));
        return R4.newJsonParser().parseResource(org.hl7.fhir.r4.model.AuditEvent.class, json);
    }

    @Test
    void aReceivedStudyIsAPatientCreateWithTheBsnAndTheStudy() {
        Bsn bsn = TestEvents.bsn(new Random(5));
        org.hl7.fhir.r4.model.AuditEvent r = roundTrip(TestEvents.full(bsn, T, "ontvangen"));

        assertThat(r.getMeta().getProfile()).extracting(p -> p.getValue())
                .containsExactly("https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PatientCreate");
        assertThat(r.getType().getCode()).isEqualTo("rest");
        assertThat(r.getSubtype()).extracting(Coding::getSystem, Coding::getCode)
                .contains(org.assertj.core.groups.Tuple.tuple("http://hl7.org/fhir/restful-interaction", "create"),
                        org.assertj.core.groups.Tuple.tuple("http://dicom.nema.org/resources/ontology/DCM", "110104"));
        assertThat(r.getAction().toCode()).isEqualTo("C");
        assertThat(r.getOutcome().toCode()).isEqualTo("0");
        assertThat(r.getRecorded().toInstant()).isEqualTo(T);
        assertThat(r.getSource().getSite()).isEqualTo(TestEvents.OWN.value());

        AuditEventAgentComponent user = r.getAgent().stream().filter(AuditEventAgentComponent::getRequestor)
                .findFirst().orElseThrow();
        assertThat(user.getWho().getIdentifier().getValue()).isEqualTo("olga");
        // BALP: users are not network devices; the access point is the client's address.
        assertThat(user.hasNetwork()).isFalse();
        assertThat(user.getType().getCoding()).extracting(Coding::getCode).containsExactly("AUT", "humanuser");
        assertThat(agent(r, "110153").getWho().getDisplay()).isEqualTo("export");
        assertThat(agent(r, "110153").getNetwork().getAddress()).isEqualTo("10.0.0.7");
        assertThat(agent(r, "110152").getWho().getDisplay()).isEqualTo("umcx");
        assertThat(agent(r, "RESP").getWho().getIdentifier().getValue()).isEqualTo(TestEvents.OWN.value());

        AuditEventEntityComponent patient = r.getEntity().stream()
                .filter(en -> en.getRole().getCode().equals("1")).findFirst().orElseThrow();
        assertThat(patient.getWhat().getType()).isEqualTo("Patient");
        assertThat(patient.getWhat().getIdentifier().getSystem()).isEqualTo("http://fhir.nl/fhir/NamingSystem/bsn");
        assertThat(patient.getWhat().getIdentifier().getValue()).isEqualTo(bsn.value());
        assertThat(r.getEntity()).anySatisfy(en ->
                assertThat(en.getWhat().getIdentifier().getValue()).isEqualTo("urn:oid:2.25.1000"));
        assertThat(r.getEntity()).anySatisfy(en -> assertThat(en.getWhat().getReference()).isEqualTo("ImagingStudy/abc"));
    }

    /** A push on referral (issue 17, "Enforcement"): its referral and the person's send, whole, as the legal basis. */
    @Test
    void aSendOnReferralCarriesTheReferralAsItsLegalBasis() {
        Bsn bsn = TestEvents.bsn(new Random(6));
        AuditEvent e = AuditEvent.of(EventType.SEND, Actor.system("zorgbrug-test", TestEvents.OWN), T)
                .patient(PatientRef.of(bsn))
                .object(nl.zorgbrug.audit.event.ObjectRef.job(7))
                .destination(nl.zorgbrug.audit.event.Peer.named("umcx"))
                .legalBasis(new nl.zorgbrug.audit.gateway.ReferralLookup.JobReferral("Verwijzing neurochirurgie",
                        "olga", T).basis("export"))
                .build();
        org.hl7.fhir.r4.model.AuditEvent r = roundTrip(e);
        assertThat(r.getEntity()).flatExtracting(AuditEventEntityComponent::getDetail)
                .filteredOn(d -> d.getType().equals("legal-basis"))
                .extracting(d -> d.getValue().primitiveValue())
                .containsExactly("referral:export; referral: Verwijzing neurochirurgie; sent by olga at " + T);
    }

    /** A list names every patient it showed (issue 17): each a Patient entity, role patient. */
    @Test
    void aListNamesEveryPatientItShowedAsAPatientEntity() {
        Bsn one = TestEvents.bsn(new Random(31));
        Bsn two = TestEvents.bsn(new Random(32));
        org.hl7.fhir.r4.model.AuditEvent r = roundTrip(AuditEvent.of(EventType.QUERY,
                Actor.person("olga", "Olga", Role.OPERATOR, TestEvents.OWN), T)
                .object(nl.zorgbrug.audit.event.ObjectRef.patient(new PatientRef(one, "L-31")))
                .object(nl.zorgbrug.audit.event.ObjectRef.patient(PatientRef.of(two))).build());
        assertThat(r.getEntity().stream().filter(en -> en.getRole().getCode().equals("1")).toList())
                .allSatisfy(en -> assertThat(en.getWhat().getType()).isEqualTo("Patient"))
                .extracting(en -> en.getWhat().getIdentifier().getValue()).containsExactly(one.value(), two.value());
    }

    @Test
    void theBalpPatternFollowsTheActionAndThePatient() {
        Actor clinician = Actor.person("anna", "Anna Smit", Role.CLINICIAN, TestEvents.OWN);
        PatientRef patient = new PatientRef(TestEvents.bsn(new Random(8)), null);
        assertThat(BalpAuditEvents.pattern(AuditEvent.of(EventType.VIEW, clinician, T).patient(patient).build()))
                .isEqualTo("PatientRead");
        assertThat(BalpAuditEvents.pattern(AuditEvent.of(EventType.QUERY, clinician, T).patient(patient).build()))
                .isEqualTo("PatientQuery");
        assertThat(BalpAuditEvents.pattern(AuditEvent.of(EventType.QUERY, clinician, T).build())).isEqualTo("Query");
        assertThat(BalpAuditEvents.pattern(AuditEvent.of(EventType.JOB_ACTION, clinician, T).build()))
                .isEqualTo("Update");
        assertThat(BalpAuditEvents.pattern(AuditEvent.of(EventType.LOGIN, clinician, T).build())).isNull();

        org.hl7.fhir.r4.model.AuditEvent query = roundTrip(AuditEvent.of(EventType.QUERY, clinician, T)
                .patient(patient).detail("PatientID=*").build());
        assertThat(query.getSubtype()).extracting(Coding::getCode).contains("search-type", "110112");
        assertThat(query.getEntity()).anySatisfy(en -> assertThat(en.getRole().getCode()).isEqualTo("1"));
    }

    @Test
    void aLoginHasNoBalpPatternAndKeepsTheDicomEvent() {
        org.hl7.fhir.r4.model.AuditEvent r = roundTrip(AuditEvent.of(EventType.LOGIN_FAILED,
                Actor.person("kees", null, Role.OPERATOR, null), T).outcome(Outcome.MINOR_FAILURE).build());
        assertThat(r.getMeta().getProfile()).isEmpty();
        assertThat(r.getType().getCode()).isEqualTo("110114");
        assertThat(r.getSubtype()).extracting(Coding::getCode).contains("110122", "LOGIN_FAILED");
        assertThat(r.getOutcome().toCode()).isEqualTo("4");
    }

    private static AuditEventAgentComponent agent(org.hl7.fhir.r4.model.AuditEvent r, String typeCode) {
        return r.getAgent().stream().filter(a -> a.getType().getCodingFirstRep().getCode().equals(typeCode))
                .findFirst().orElseThrow();
    }
}

package nl.zorgbrug.bgz.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.receive.ReceivedQuery;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.store.StoredResource;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Condition;
import org.hl7.fhir.dstu3.model.HumanName;
import org.hl7.fhir.dstu3.model.MedicationStatement;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Practitioner;
import org.hl7.fhir.dstu3.model.Procedure;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Taking a received BgZ over into the own record: a section, single zibs, the whole BgZ; each zib kept whole with its
 * codes, marked external with its origin (source, date-time, identifier or the document's, the responsible clinician),
 * attached to the own patient and served from the same store; duplicates never twice; suspected duplicates and
 * conflicts only where the clinician decided; the action one IMPORT event naming the patient.
 */
class TakeOverTest {
    static final FhirContext STU3 = FhirContext.forDstu3Cached();
    static final Bsn BSN = Bsn.parse("999909587");
    static final String BASE = "https://a.example/fhir/stu3";
    static final Actor DR = Actor.person("dr-j", "Dr. J", Role.CLINICIAN, new Ura("00001234"));

    final InMemoryResourceStore store = new InMemoryResourceStore();
    final List<AuditEvent> events = new ArrayList<>();
    final TakeOver takeOver = new TakeOver(STU3, store, events::addAll,
            Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC), new Reconciler());

    @Test
    void aSectionIsTakenOverWholeMarkedExternalWithItsOriginAndAttachedToTheOwnPatient() {
        ownRecord();
        ReceivedBgz received = received();
        Outcome out = takeOver.takeOver(received, Selection.section(DataCategory.PROBLEM, Set.of()), DR);

        assertThat(out.taken()).singleElement().satisfies(ref -> assertThat(ref).startsWith("Condition/ext-"));
        assertThat(out.companions()).as("the asserting practitioner comes along").isEqualTo(1);
        String id = out.taken().get(0).substring("Condition/".length());
        StoredResource row = store.read("Condition", id).orElseThrow();
        assertThat(row.patientId()).isEqualTo("own-1");
        assertThat(row.patientBsn()).isEqualTo(BSN.value());
        assertThat(row.persistentId()).as("no identifier: its URL at the source").isEqualTo(BASE + "/Condition/c-1");
        Condition c = (Condition) STU3.newJsonParser().parseResource(row.json());
        assertThat(c.getCode().getCodingFirstRep().getCode()).as("codes kept").isEqualTo("44054006");
        assertThat(c.getSubject().getReference()).isEqualTo("Patient/own-1");
        assertThat(Origin.isExternal(c)).isTrue();
        Origin o = Origin.of(c).orElseThrow();
        assertThat(o.sourceName()).isEqualTo("Ziekenhuis Aa");
        assertThat(o.sourceUra()).isEqualTo("90000001");
        assertThat(o.sourceItem()).isEqualTo(BASE + "/Condition/c-1");
        assertThat(o.ofDocument()).isTrue();
        assertThat(o.identifier()).isEqualTo("urn:ietf:rfc:3986|urn:uuid:" + received.id());
        assertThat(o.takenOverBy()).isEqualTo("dr-j");
        assertThat(o.takenOver()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(o.responsible().getDisplay()).isEqualTo("A. Arts");
        assertThat(o.responsible().getIdentifier().getValue()).isEqualTo("012345678");
        String practitioner = c.getAsserter().getReference();
        assertThat(practitioner).startsWith("Practitioner/ext-");
        assertThat(store.read("Practitioner", practitioner.substring(13))).isPresent();

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.IMPORT);
            assertThat(e.patient().bsn()).isEqualTo(BSN);
            assertThat(e.source().name()).isEqualTo("Ziekenhuis Aa");
            assertThat(e.detail()).contains("section PROBLEM").contains("1 zibs taken over");
            assertThat(e.objects()).extracting(ObjectRefText::of).contains("Condition/" + id);
        });
    }

    @Test
    void aZibWithAnIdentifierKeepsItAsItsPersistentIdentifier() {
        ownRecord();
        ReceivedBgz received = received();
        Outcome out = takeOver.takeOver(received, Selection.items(Set.of("MedicationStatement/ms-1"), Set.of()), DR);
        StoredResource row = store.read("MedicationStatement", out.taken().get(0).split("/")[1]).orElseThrow();
        assertThat(row.persistentId()).isEqualTo("urn:oid:2.16.840.1.113883.2.4.3.11.999.8|MS-1");
        Origin o = Origin.of((Resource) STU3.newJsonParser().parseResource(row.json())).orElseThrow();
        assertThat(o.ofDocument()).isFalse();
        assertThat(o.identifier()).isEqualTo("urn:oid:2.16.840.1.113883.2.4.3.11.999.8|MS-1");
        MedicationStatement ms = (MedicationStatement) STU3.newJsonParser().parseResource(row.json());
        assertThat(store.read("Medication", ms.getMedicationReference().getReference().substring(11)))
                .as("the product comes along").isPresent();
    }

    @Test
    void theSameItemsTwiceAddNothingAndShowAsDuplicates() {
        ownRecord();
        takeOver.takeOver(received(), Selection.section(DataCategory.PROBLEM, Set.of()), DR);
        int before = store.forPatient("Condition", "own-1").size();
        ReceivedBgz secondPull = received();
        assertThat(takeOver.review(secondPull).bySourceReference().get("Condition/c-1").verdict())
                .isEqualTo(Verdict.DUPLICATE);
        Outcome again = takeOver.takeOver(secondPull, Selection.section(DataCategory.PROBLEM, Set.of()), DR);
        assertThat(again.taken()).isEmpty();
        assertThat(again.duplicates()).isEqualTo(1);
        assertThat(store.forPatient("Condition", "own-1")).hasSize(before);
    }

    @Test
    void suspectedDuplicatesAndConflictsWaitForTheClinicianWhoMayTakeThemOverAllTheSame() {
        ownRecord();
        ReceivedBgz received = received();
        Review review = takeOver.review(received);
        assertThat(review.bySourceReference().get("Procedure/p-1").verdict()).isEqualTo(Verdict.SUSPECTED_DUPLICATE);
        Match tobacco = review.bySourceReference().get("Observation/t-1");
        assertThat(tobacco.verdict()).isEqualTo(Verdict.CONFLICT);
        assertThat(tobacco.own().reference()).isEqualTo("Observation/own-t");
        assertThat(tobacco.ownValue()).isEqualTo("77176002");
        assertThat(tobacco.incomingValue()).isEqualTo("8392000");

        Outcome all = takeOver.takeOver(received, Selection.all(Set.of()), DR);
        assertThat(all.undecided()).isEqualTo(2);
        assertThat(all.taken()).noneMatch(r -> r.startsWith("Procedure/") || r.startsWith("Observation/"));
        assertThat(store.forPatient("Observation", "own-1")).hasSize(1);

        Outcome decided = takeOver.takeOver(received, Selection.all(Set.of("Observation/t-1")), DR);
        assertThat(decided.taken()).singleElement().satisfies(r -> assertThat(r).startsWith("Observation/ext-"));
        assertThat(decided.undecided()).isEqualTo(1);
        assertThat(store.forPatient("Observation", "own-1")).as("both, side by side").hasSize(2);
    }

    @Test
    void aPatientNewHereStartsTheOwnRecordFromTheReceivedPatientMarkedExternal() {
        Outcome out = takeOver.takeOver(received(), Selection.section(DataCategory.PROBLEM, Set.of()), DR);
        List<StoredResource> patients = store.patientsWithBsn(BSN.value());
        assertThat(patients).singleElement().satisfies(p -> {
            assertThat(p.id()).startsWith("ext-");
            assertThat(Origin.isExternal((Resource) STU3.newJsonParser().parseResource(p.json()))).isTrue();
        });
        assertThat(store.forPatient("Condition", patients.get(0).id())).hasSize(1);
        assertThat(out.taken()).hasSize(1);
    }

    @Test
    void withoutAPatientAnywhereNothingIsStored() {
        ReceivedBgz noPatient = new ReceivedBgz(UUID.randomUUID(), source(), Occasion.REQUEST, null, Instant.now(),
                BSN, "dr-j", List.of(query(bundle(condition()))), 1);
        assertThatThrownBy(() -> takeOver.takeOver(noPatient, Selection.all(Set.of()), DR))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds no Patient");
        assertThat(store.forPatient("Condition", "own-1")).isEmpty();
    }

    /** The own record: the patient, who smokes (own EPD), and a procedure on 4 May 2021. */
    private void ownRecord() {
        Patient p = new Patient();
        p.setId("own-1");
        p.addIdentifier().setSystem("http://fhir.nl/fhir/NamingSystem/bsn").setValue(BSN.value());
        var smokes = Zibs2017.tobacco("own-t", "77176002");
        smokes.setSubject(new Reference("Patient/own-1"));
        var procedure = Zibs2017.procedure("own-p", "80146002", "2021-05-04");
        procedure.setSubject(new Reference("Patient/own-1"));
        store.saveAll(List.of(row(p, "own-1"), row(smokes, "own-1"), row(procedure, "own-1")));
    }

    static StoredResource row(Resource r, String patientId) {
        return new StoredResource(r.fhirType(), r.getIdElement().getIdPart(), patientId, BSN.value(),
                "urn:uuid:" + UUID.randomUUID(), 1, Instant.now(), List.of(),
                STU3.newJsonParser().encodeResourceToString(r));
    }

    static BgzSource source() {
        return new BgzSource("zha", "Ziekenhuis Aa", "90000001", BASE);
    }

    /** What Ziekenhuis Aa sent: the patient, a problem, a procedure, does not smoke, a medication use. */
    static ReceivedBgz received() {
        Patient p = new Patient();
        p.setId("pa");
        p.getMeta().addProfile("http://fhir.nl/fhir/StructureDefinition/nl-core-patient");
        p.addIdentifier().setSystem("http://fhir.nl/fhir/NamingSystem/bsn").setValue(BSN.value());
        Practitioner arts = new Practitioner();
        arts.setId("pr-1");
        arts.getMeta().addProfile("http://fhir.nl/fhir/StructureDefinition/nl-core-practitioner");
        arts.addIdentifier().setSystem("http://fhir.nl/fhir/NamingSystem/uzi-nr-pers").setValue("012345678");
        arts.addName(new HumanName().setFamily("Arts").addGiven("A."));
        Procedure procedure = Zibs2017.procedure("p-1", "80146002", "2021-05-04T09:00:00+02:00");
        procedure.setSubject(new Reference("Patient/pa"));
        procedure.addReasonReference(new Reference("Condition/c-1"));
        var tobacco = Zibs2017.tobacco("t-1", "8392000");
        tobacco.setSubject(new Reference("Patient/pa"));
        var use = Zibs2017.use("ms-1", "m-1");
        use.setSubject(new Reference("Patient/pa"));
        use.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.2.4.3.11.999.8").setValue("MS-1");
        return new ReceivedBgz(UUID.randomUUID(), source(), Occasion.REFERRAL, "verwijzing-1", Instant.now(), BSN,
                "node", List.of(query(bundle(p, arts, condition(), procedure, tobacco, use,
                        Zibs2017.medication("m-1", "2355")))), 7);
    }

    static Condition condition() {
        Condition c = new Condition();
        c.setId("c-1");
        c.getMeta().addProfile("http://nictiz.nl/fhir/StructureDefinition/zib-Problem");
        c.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.dstu3.model.Coding("http://snomed.info/sct",
                "44054006", "Diabetes mellitus type 2")));
        c.setSubject(new Reference("Patient/pa"));
        c.setAsserter(new Reference("Practitioner/pr-1").setDisplay("dr. Arts"));
        return c;
    }

    static Bundle bundle(Resource... resources) {
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(resources.length);
        for (Resource r : resources) {
            b.addEntry().setFullUrl(BASE + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r);
        }
        return b;
    }

    static ReceivedQuery query(Bundle b) {
        return new ReceivedQuery("Everything?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn|{BSN}", 200,
                b.getTotal(), null, STU3.newJsonParser().encodeResourceToString(b));
    }

    /** An audit object as its id text. */
    static final class ObjectRefText {
        static String of(nl.zorgbrug.audit.event.ObjectRef o) {
            return o.id();
        }
    }
}

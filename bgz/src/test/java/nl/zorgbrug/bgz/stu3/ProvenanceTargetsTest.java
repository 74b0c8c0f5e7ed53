package nl.zorgbrug.bgz.stu3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bgz.store.StoredResource;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Provenance;
import org.hl7.fhir.dstu3.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link ProvenanceTargets} on its own: which targets a served Provenance keeps, that a Provenance left
 * without targets is not served, and what it costs (a Provenance whose targets are all in the answer is neither parsed
 * nor made to read anything; the targets outside the answer are read in one batch). Generated test data.
 */
class ProvenanceTargetsTest {
    static final FhirContext CTX = FhirContext.forDstu3Cached();
    static final String ZIB = "http://nictiz.nl/fhir/StructureDefinition/";
    static final Bsn ANNA = Bsn.parse("999911120");

    final InMemoryResourceStore memory = new InMemoryResourceStore();
    final List<Collection<String>> batches = new ArrayList<>();
    /** The store, counting its batch reads. */
    final ResourceStore store = new ResourceStore() {
        @Override
        public Optional<StoredResource> read(String type, String id) {
            throw new AssertionError("one read per target: " + type + "/" + id);
        }

        @Override
        public List<StoredResource> forPatient(String type, String patientId) {
            return memory.forPatient(type, patientId);
        }

        @Override
        public List<StoredResource> readAll(Collection<String> references) {
            batches.add(List.copyOf(references));
            return memory.readAll(references);
        }

        @Override
        public List<StoredResource> patientsWithBsn(String bsn) {
            return memory.patientsWithBsn(bsn);
        }

        @Override
        public List<StoredResource> provenanceFor(Collection<String> references) {
            return memory.provenanceFor(references);
        }

        @Override
        public void saveAll(List<StoredResource> resources) {
            memory.saveAll(resources);
        }

        @Override
        public int purgePatient(String patientId) {
            return memory.purgePatient(patientId);
        }
    };
    final ProvenanceTargets rule = new ProvenanceTargets(CTX, store);
    final Serving.Scope drugsShielded = new Serving.Scope(ANNA, List.of("pa"), EnumSet.of(DataCategory.DRUG_USE));
    final AccessToken token = new AccessToken("token-anna", ANNA, new Ura("90000123"), "V4", false);

    @Test
    void aProvenanceWithEveryTargetInTheAnswerIsServedAsStoredWithoutAnyRead() {
        StoredResource p = provenance("p1", "Observation/a", "Observation/b");
        List<StoredResource> served = rule.served(List.of(p), Set.of("Observation/a", "Observation/b"),
                drugsShielded, token);
        assertThat(served).singleElement().isSameAs(p);
        assertThat(batches).isEmpty();
    }

    @Test
    void onlyReleasedTargetsAreKeptAndAProvenanceWithoutAnyIsNotServed() {
        memory.saveAll(List.of(zib("Observation", "drug", "pa", "zib-DrugUse"),
                zib("Observation", "alcohol", "pa", "zib-AlcoholUse"),
                zib("Observation", "other-patient", "pb", "zib-AlcoholUse")));
        StoredResource mixed = provenance("mixed", "Condition/c", "Observation/drug", "Observation/alcohol",
                "Observation/other-patient", "Observation/not-stored");
        StoredResource drugOnly = provenance("drug-only", "Observation/drug");
        List<StoredResource> served = rule.served(List.of(mixed, drugOnly), Set.of("Condition/c"), drugsShielded,
                token);

        assertThat(served).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("mixed");
            assertThat(s.provenanceTargets()).containsExactly("Condition/c", "Observation/alcohol");
            Provenance changed = CTX.newJsonParser().parseResource(Provenance.class, s.json());
            assertThat(changed.getTarget()).extracting(Reference::getReference)
                    .containsExactly("Condition/c", "Observation/alcohol");
            assertThat(s.json()).doesNotContain("drug").doesNotContain("other-patient").doesNotContain("not-stored");
            assertThat(changed.hasText()).as("the narrative named every target").isFalse();
            assertThat(changed.getRecorded()).isEqualTo(CTX.newJsonParser().parseResource(Provenance.class,
                    mixed.json()).getRecorded());
        });
        // One batch for the targets outside the answer of both Provenance.
        assertThat(batches).singleElement().satisfies(b -> assertThat(b).containsExactlyInAnyOrder(
                "Observation/drug", "Observation/alcohol", "Observation/other-patient", "Observation/not-stored"));
    }

    @Test
    void aTargetOfATypeTheTokenDoesNotReadIsRemoved() {
        memory.saveAll(List.of(zib("Observation", "alcohol", "pa", "zib-AlcoholUse")));
        AccessToken conditionsOnly = new AccessToken("token-referral", ANNA, new Ura("90000123"), "V4", false, false,
                "referral-1", Set.of("Condition"));
        List<StoredResource> served = rule.served(List.of(provenance("p", "Condition/c", "Observation/alcohol")),
                Set.of("Condition/c"), new Serving.Scope(ANNA, List.of("pa"), EnumSet.noneOf(DataCategory.class)),
                conditionsOnly);
        assertThat(served).singleElement().satisfies(s -> assertThat(s.provenanceTargets())
                .containsExactly("Condition/c"));
    }

    @Test
    void aTargetNamedByIdentifierOnlyIsRemoved() {
        Provenance p = new Provenance();
        p.setId("by-identifier");
        p.addTarget(new Reference("Condition/c"));
        p.addTarget(new Reference().setIdentifier(new org.hl7.fhir.dstu3.model.Identifier()
                .setSystem("urn:oid:2.16.840.1.113883.2.4.3.11.999").setValue("drug-use-1")));
        p.setRecorded(new java.util.Date(1_700_000_000_000L));
        StoredResource row = new StoredResource("Provenance", "by-identifier", "pa", ANNA.value(), "urn:uuid:x", 1,
                Instant.EPOCH, List.of("Condition/c"), CTX.newJsonParser().encodeResourceToString(p));
        List<StoredResource> served = rule.served(List.of(row), Set.of("Condition/c"), drugsShielded, token);
        assertThat(served).singleElement().satisfies(s -> assertThat(s.json()).doesNotContain("drug-use-1")
                .contains("Condition/c"));
    }

    static StoredResource provenance(String id, String... targets) {
        Provenance p = new Provenance();
        p.setId(id);
        p.getMeta().addProfile(ZIB + "BgZ-Metadata");
        for (String t : targets) {
            p.addTarget(new Reference(t).setDisplay("about " + t));
        }
        p.setRecorded(new java.util.Date(1_700_000_000_000L));
        p.getText().setStatus(org.hl7.fhir.dstu3.model.Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + String.join(", ", targets) + "</div>");
        return new StoredResource("Provenance", id, "pa", ANNA.value(), "urn:uuid:" + id, 1, Instant.EPOCH,
                List.of(targets), CTX.newJsonParser().encodeResourceToString(p));
    }

    static StoredResource zib(String type, String id, String patient, String profile) {
        return new StoredResource(type, id, patient, null, "urn:uuid:" + id, 1, Instant.EPOCH, List.of(),
                "{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\",\"meta\":{\"profile\":[\"" + ZIB + profile
                        + "\"]}}");
    }
}

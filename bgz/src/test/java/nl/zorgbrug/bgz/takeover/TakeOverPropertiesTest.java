package nl.zorgbrug.bgz.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.store.PatientLinks;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * Invariants of take-over over generated BgZs of procedures, vaccinations and allergies (codes and dates from small
 * sets, so that suspected duplicates occur): taking the same set over twice adds nothing, whatever the clinician
 * decided; after a take-over, no taken item reviews as new again.
 */
class TakeOverPropertiesTest {

    record Item(int kind, int code, int day) {
    }

    @Provide
    Arbitrary<List<Item>> items() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3)).as(Item::new).list().ofMaxSize(8);
    }

    @Property(tries = 40)
    void takingOverTheSameSetTwiceAddsNothing(@ForAll("items") List<Item> items, @ForAll boolean decideAll) {
        InMemoryResourceStore store = new InMemoryResourceStore();
        TakeOver takeOver = new TakeOver(TakeOverTest.STU3, store, events -> { },
                Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC), new Reconciler());
        ReceivedBgz received = received(items);
        Set<String> decided = decideAll ? allReferences(items) : Set.of();

        takeOver.takeOver(received, Selection.all(decided), TakeOverTest.DR);
        int afterFirst = size(store);
        Outcome second = takeOver.takeOver(received(items), Selection.all(decided), TakeOverTest.DR);

        assertThat(second.taken()).isEmpty();
        assertThat(size(store)).isEqualTo(afterFirst);
        Review review = takeOver.review(received);
        assertThat(review.matches()).noneMatch(m -> m.verdict() == Verdict.NEW);
    }

    private static int size(InMemoryResourceStore store) {
        var patients = store.patientsWithBsn(TakeOverTest.BSN.value());
        if (patients.isEmpty()) {
            return 0; // nothing was taken over, so no record was started
        }
        String patient = patients.get(0).id();
        int n = 0;
        for (String type : PatientLinks.types()) {
            n += store.forPatient(type, patient).size();
        }
        return n;
    }

    private static Set<String> allReferences(List<Item> items) {
        Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(resource(items.get(i), i).fhirType() + "/x-" + i);
        }
        return out;
    }

    private static Resource resource(Item item, int i) {
        String date = "2024-01-0" + item.day();
        Resource r = switch (item.kind()) {
            case 0 -> Zibs2017.procedure("x-" + i, "8014600" + item.code(), date);
            case 1 -> Zibs2017.vaccination("x-" + i, "J07BB0" + item.code(), date);
            default -> Zibs2017.allergy("x-" + i, "9193600" + item.code());
        };
        return r;
    }

    private static ReceivedBgz received(List<Item> items) {
        Patient p = new Patient();
        p.setId("pa");
        p.addIdentifier().setSystem("http://fhir.nl/fhir/NamingSystem/bsn").setValue(TakeOverTest.BSN.value());
        List<Resource> resources = new ArrayList<>(List.of(p));
        for (int i = 0; i < items.size(); i++) {
            Resource r = resource(items.get(i), i);
            resources.add(r);
        }
        // The generated zibs name "Patient/p"; the source's patient is "pa": both are the one patient of this BgZ.
        resources.forEach(r -> {
            for (Reference ref : TakeOverTest.STU3.newTerser().getAllPopulatedChildElementsOfType(r, Reference.class)) {
                if ("Patient/p".equals(ref.getReference())) {
                    ref.setReference("Patient/pa");
                }
            }
        });
        return new ReceivedBgz(UUID.randomUUID(), TakeOverTest.source(), Occasion.REQUEST, null, Instant.now(),
                TakeOverTest.BSN, "dr-j", List.of(TakeOverTest.query(TakeOverTest.bundle(
                        resources.toArray(Resource[]::new)))), resources.size());
    }
}

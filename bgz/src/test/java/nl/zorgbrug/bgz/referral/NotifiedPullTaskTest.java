package nl.zorgbrug.bgz.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.bgz.specialism.Specialism;
import nl.zorgbrug.bgz.testscript.ProfileValidator;
import nl.zorgbrug.bgz.testscript.QualificationSetup;
import nl.zorgbrug.bgz.testscript.SharedFixtures;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.Organization;
import org.hl7.fhir.dstu3.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The Notified Pull Task's owner names the receiving department by its specialism the nl-core way: a contained
 * Organization (nl-core-organization) with the receiver's URA and {@code type:departmentSpecialty} coded in Vektis's
 * AGB specialism table; read back, the receiver gets the specialism, and a code it does not know is refused by name.
 */
class NotifiedPullTaskTest {
    private static final FhirContext STU3 = FhirContext.forDstu3Cached();
    private static final String URA_B = "90000002";

    private static NotifiedPull pull(Specialism specialism) {
        return new NotifiedPull("0b8a5c5e-7d59-4c1e-9a55-2f7f1d1c0a01", "verwijzing-7", QualificationSetup.bsn("A"),
                "90000001", "Ziekenhuis A", URA_B, "the-token", Instant.parse("2026-12-08T10:00:00Z"),
                List.of("Patient?_include=Patient:general-practitioner", "Condition"), specialism);
    }

    /** As the receiver gets it: written, sent as JSON, parsed. */
    private static Task overTheWire(Task t) {
        return STU3.newJsonParser().parseResource(Task.class, STU3.newJsonParser().encodeResourceToString(t));
    }

    @Test
    void theOwnerIsAContainedNlCoreOrganizationWithTheUraAndTheDepartmentSpecialty() {
        Task written = NotifiedPullTask.write(pull(Specialism.CARDIOLOGY), new Date());
        Task task = overTheWire(written);

        assertThat(task.getOwner().getIdentifier().getSystem()).isEqualTo(NotifiedPullTask.URA);
        assertThat(task.getOwner().getIdentifier().getValue()).isEqualTo(URA_B);
        assertThat(task.getOwner().getReference()).startsWith("#");
        assertThat(task.getContained()).singleElement().isInstanceOfSatisfying(Organization.class, o -> {
            assertThat(o.getMeta().getProfile()).extracting(p -> p.getValue())
                    .containsExactly("http://fhir.nl/fhir/StructureDefinition/nl-core-organization");
            assertThat(task.getOwner().getReference()).isEqualTo("#" + o.getIdElement().getIdPart());
            assertThat(o.getIdentifier()).singleElement().satisfies(i -> {
                assertThat(i.getSystem()).isEqualTo("http://fhir.nl/fhir/NamingSystem/ura");
                assertThat(i.getValue()).isEqualTo(URA_B);
            });
            assertThat(o.getType()).singleElement().satisfies(t -> assertThat(t.getCoding()).singleElement()
                    .satisfies(c -> {
                        assertThat(c.getSystem()).isEqualTo("urn:oid:2.16.840.1.113883.2.4.6.7");
                        assertThat(c.getCode()).isEqualTo("0320");
                        assertThat(c.getDisplay()).isEqualTo("Cardiologie");
                    }));
        });

        NotifiedPull read = NotifiedPullTask.read(task);
        assertThat(read.specialism()).isEqualTo(Specialism.CARDIOLOGY);
        assertThat(read.receiverUra()).isEqualTo(URA_B);
        assertThat(read).isEqualTo(pull(Specialism.CARDIOLOGY));
    }

    @Test
    void withoutASpecialismTheOwnerIsTheInstitutionAlone() {
        Task task = overTheWire(NotifiedPullTask.write(pull(null), new Date()));
        assertThat(task.getContained()).isEmpty();
        assertThat(task.getOwner().getReference()).isNull();
        assertThat(NotifiedPullTask.read(task).specialism()).isNull();
    }

    @Test
    void aSpecialismTheReceiverDoesNotKnowOrOfAnotherOrganisationIsRefusedByName() {
        Task unknown = NotifiedPullTask.write(pull(Specialism.CARDIOLOGY), new Date());
        ((Organization) unknown.getContained().get(0)).getTypeFirstRep().getCodingFirstRep().setCode("0399");
        assertThatThrownBy(() -> NotifiedPullTask.read(overTheWire(unknown)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("specialism '0399'");

        Task two = NotifiedPullTask.write(pull(Specialism.CARDIOLOGY), new Date());
        ((Organization) two.getContained().get(0)).getTypeFirstRep()
                .addCoding(new Coding(Specialism.SYSTEM, "0330", "Neurologie"));
        assertThatThrownBy(() -> NotifiedPullTask.read(overTheWire(two)))
                .hasMessageContaining("more than one specialism (0320, 0330)");

        Task otherUra = NotifiedPullTask.write(pull(Specialism.CARDIOLOGY), new Date());
        ((Organization) otherUra.getContained().get(0)).getIdentifierFirstRep().setValue("90000003");
        assertThatThrownBy(() -> NotifiedPullTask.read(overTheWire(otherUra)))
                .hasMessageContaining("another URA");
    }

    /**
     * HAPI's validator with the shared zib2017 profiles finds no error in the Task, nor in its owner Organization on
     * its own against nl-core-organization (what it cannot check offline, such as the SNOMED CT code and the Vektis
     * table, which the shared set does not hold, is counted apart); and it does check that profile: an Organization
     * whose URA slice has no value fails it.
     */
    @Test
    void theTaskAndItsOwnerValidateAgainstTheSharedProfiles() {
        ProfileValidator validator = new ProfileValidator(STU3,
                SharedFixtures.root().resolve("fhir-profiles/stu3-zib2017"));
        Task task = overTheWire(NotifiedPullTask.write(pull(Specialism.CARDIOLOGY), new Date()));
        ProfileValidator.Findings taskFindings = validator.validate(task);
        assertThat(taskFindings.errors()).as("errors in the Task (uncheckable offline: %s)",
                taskFindings.uncheckable()).isEmpty();

        Organization owner = ((Organization) task.getContained().get(0)).copy();
        owner.setId("owner");
        ProfileValidator.Findings ownerFindings = validator.validate(owner);
        assertThat(ownerFindings.errors()).as("errors in the owner (uncheckable offline: %s)",
                ownerFindings.uncheckable()).isEmpty();

        owner.getIdentifierFirstRep().setValue(null);
        assertThat(validator.validate(owner).errors()).as("the URA slice needs its value").isNotEmpty();
    }
}

package nl.zorgbrug.bgz.takeover;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.dstu3.model.HumanName;
import org.hl7.fhir.dstu3.model.Practitioner;
import org.hl7.fhir.dstu3.model.PractitionerRole;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.instance.model.api.IBase;

/**
 * The responsible clinician a zib carries, where it carries one (FO BgZ MSZ: a taken-over zib keeps "the responsible
 * clinician"): the element of each zib2017 profile that names the health professional who performed, asserted,
 * prescribed or recorded it. The answer is a reference by the professional's identifier (UZI, AGB, BIG) and name,
 * not to the source's logical id, so it stays true in the own record.
 */
final class ResponsibleClinician {
    private static final Map<String, List<String>> PATHS = Map.ofEntries(
            Map.entry("Procedure", List.of("Procedure.performer.actor")),
            Map.entry("Condition", List.of("Condition.asserter")),
            Map.entry("AllergyIntolerance", List.of("AllergyIntolerance.asserter", "AllergyIntolerance.recorder")),
            Map.entry("Immunization", List.of("Immunization.practitioner.actor")),
            Map.entry("Observation", List.of("Observation.performer")),
            Map.entry("MedicationRequest", List.of("MedicationRequest.requester.agent")),
            Map.entry("MedicationDispense", List.of("MedicationDispense.performer.actor")),
            Map.entry("MedicationStatement", List.of("MedicationStatement.informationSource")),
            Map.entry("Flag", List.of("Flag.author")),
            Map.entry("Encounter", List.of("Encounter.participant.individual")),
            Map.entry("ProcedureRequest", List.of("ProcedureRequest.requester.agent", "ProcedureRequest.performer")),
            Map.entry("DeviceUseStatement", List.of("DeviceUseStatement.source")),
            Map.entry("NutritionOrder", List.of("NutritionOrder.orderer")));

    private ResponsibleClinician() {
    }

    /** The responsible clinician of {@code r}, or null when its zib names none. */
    static Reference of(FhirContext ctx, Resource r, Function<Reference, Resource> resolve) {
        for (String path : PATHS.getOrDefault(r.fhirType(), List.of())) {
            for (IBase v : ctx.newTerser().getValues(r, path)) {
                if (!(v instanceof Reference ref)) {
                    continue;
                }
                String type = ref.getReferenceElement().getResourceType();
                if (type != null && !type.startsWith("Practitioner")) {
                    continue;
                }
                Resource target = resolve.apply(ref);
                if (target instanceof PractitionerRole role) {
                    Resource p = resolve.apply(role.getPractitioner());
                    target = p != null ? p : target;
                }
                Reference out = new Reference();
                if (target instanceof Practitioner p) {
                    p.getIdentifier().stream().filter(i -> i.hasSystem() && i.hasValue()).findFirst()
                            .ifPresent(i -> out.setIdentifier(i.copy()));
                    if (p.hasName()) {
                        HumanName n = p.getNameFirstRep();
                        out.setDisplay(n.hasText() ? n.getText() : (n.getGivenAsSingleString() + " " + n.getFamily())
                                .strip());
                    }
                }
                if (!out.hasDisplay() && ref.hasDisplay()) {
                    out.setDisplay(ref.getDisplay());
                }
                if (out.hasDisplay() || out.hasIdentifier()) {
                    return out;
                }
            }
        }
        return null;
    }
}

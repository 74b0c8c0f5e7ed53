package nl.zorgbrug.bgz.stu3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ca.uhn.fhir.model.api.Include;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.dstu3.model.CareTeam;
import org.hl7.fhir.dstu3.model.Coverage;
import org.hl7.fhir.dstu3.model.DeviceUseStatement;
import org.hl7.fhir.dstu3.model.IdType;
import org.hl7.fhir.dstu3.model.MedicationDispense;
import org.hl7.fhir.dstu3.model.MedicationRequest;
import org.hl7.fhir.dstu3.model.MedicationStatement;
import org.hl7.fhir.dstu3.model.Observation;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Procedure;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.dstu3.model.Type;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The {@code _include}s the BgZ queries use (Nictiz, BgZ MSZ 2.0 query set), each mapped to the element that holds
 * the references (FHIR STU3 search parameter definitions). Only these are allowed; the provider methods declare
 * the same list, so HAPI refuses any other with a 400. Includes are not followed further ({@code :iterate} is not
 * supported), so a reference loop cannot make an answer grow.
 */
final class Includes {
    private static final Map<String, Function<Resource, List<Reference>>> PATHS = Map.of(
            "Patient:general-practitioner", r -> ((Patient) r).getGeneralPractitioner(),
            "Coverage:payor", r -> ((Coverage) r).getPayor(),
            "MedicationStatement:medication", r -> reference(((MedicationStatement) r).getMedication()),
            "MedicationRequest:medication", r -> reference(((MedicationRequest) r).getMedication()),
            "MedicationDispense:medication", r -> reference(((MedicationDispense) r).getMedication()),
            "DeviceUseStatement:device", r -> List.of(((DeviceUseStatement) r).getDevice()),
            "Observation:related-target", r -> ((Observation) r).getRelated().stream()
                    .map(Observation.ObservationRelatedComponent::getTarget).toList(),
            "Procedure:based-on", r -> ((Procedure) r).getBasedOn(),
            "CareTeam:participant", r -> ((CareTeam) r).getParticipant().stream()
                    .map(CareTeam.CareTeamParticipantComponent::getMember).toList());

    /**
     * The same elements in the stored JSON ({@link StoredTree}), for the includes of a search that decides on the tree;
     * an include not named here is followed on HAPI's model.
     */
    private static final Map<String, String[]> TREE_PATHS = Map.of(
            "Observation:related-target", new String[] {"related", "target"});

    private Includes() {
    }

    private static List<Reference> reference(Type value) {
        return value instanceof Reference ref ? List.of(ref) : List.of();
    }

    /**
     * As {@link #references(Resource, Include)}, from the stored JSON of a resource of {@code type}; null when this
     * include has no path in the tree here (then follow it on the parsed resource).
     */
    static List<String> references(JsonNode resource, String type, Include include) {
        String[] path = TREE_PATHS.get(include.getParamType() + ":" + include.getParamName());
        if (path == null) {
            return PATHS.containsKey(include.getParamType() + ":" + include.getParamName()) ? null : List.of();
        }
        if (!type.equals(include.getParamType())) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode ref : StoredTree.at(resource, path)) {
            add(new IdType(StoredTree.text(ref.get("reference"))), include.getParamTargetType(), out);
        }
        return out;
    }

    /** The {@code Type/id} references an include asks to follow from {@code resource}. */
    static List<String> references(Resource resource, Include include) {
        Function<Resource, List<Reference>> path = PATHS.get(include.getParamType() + ":" + include.getParamName());
        if (path == null || !resource.fhirType().equals(include.getParamType())) {
            return List.of();
        }
        String targetType = include.getParamTargetType();
        List<String> out = new ArrayList<>();
        for (Reference ref : path.apply(resource)) {
            if (ref != null) {
                add(ref.getReferenceElement(), targetType, out);
            }
        }
        return out;
    }

    private static void add(IIdType ref, String targetType, List<String> out) {
        if (ref.hasIdPart() && ref.hasResourceType() && (targetType == null || targetType.equals(ref.getResourceType()))) {
            out.add(ref.getResourceType() + "/" + ref.getIdPart());
        }
    }
}

package nl.zorgbrug.bgz.store;

import java.util.Map;

/**
 * Which element of a FHIR STU3 resource names the patient it is about: the element behind the resource's
 * {@code patient} search parameter (FHIR STU3, "Patient compartment"), {@code beneficiary} for a Coverage.
 * Resources not listed (Practitioner, Organization, Medication, Provenance...) belong to no patient themselves.
 */
public final class PatientLinks {
    private static final Map<String, String> ELEMENT = Map.ofEntries(
            Map.entry("AllergyIntolerance", "patient"), Map.entry("CareTeam", "subject"),
            Map.entry("Condition", "subject"), Map.entry("Consent", "patient"),
            Map.entry("Coverage", "beneficiary"), Map.entry("Device", "patient"),
            Map.entry("DeviceUseStatement", "subject"), Map.entry("Encounter", "subject"),
            Map.entry("Flag", "subject"), Map.entry("Immunization", "patient"),
            Map.entry("MedicationDispense", "subject"), Map.entry("MedicationRequest", "subject"),
            Map.entry("MedicationStatement", "subject"), Map.entry("NutritionOrder", "patient"),
            Map.entry("Observation", "subject"), Map.entry("Procedure", "subject"),
            Map.entry("ProcedureRequest", "subject"), Map.entry("RelatedPerson", "patient"),
            Map.entry("Specimen", "subject"), Map.entry("DiagnosticReport", "subject"),
            Map.entry("MedicationAdministration", "subject"), Map.entry("Composition", "subject"));

    private PatientLinks() {
    }

    /** The resource types that belong to a patient. */
    public static java.util.Set<String> types() {
        return ELEMENT.keySet();
    }

    /** The element naming the patient, or null when the type belongs to no patient. */
    public static String element(String type) {
        return ELEMENT.get(type);
    }
}

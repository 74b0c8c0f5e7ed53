package nl.zorgbrug.bgz.access;

import java.util.List;
import java.util.Map;

import nl.zorgbrug.audit.consent.DataCategory;

/**
 * The zib (and so the consent and shielding category) of a served resource, by the profile it claims in
 * {@code meta.profile} (Nictiz zib2017 and BgZ MSZ 2.0 profiles; Nictiz, "BgZ MSZ 2.0", the zibs of the BgZ).
 * Resources that are no zib of their own (an Organization, a Medication product, a Device as product) have none: they
 * go out only with the zib that names them.
 */
public final class Zibs {
    private static final String ZIB = "http://nictiz.nl/fhir/StructureDefinition/";
    private static final String NL = "http://fhir.nl/fhir/StructureDefinition/";
    private static final Map<String, DataCategory> BY_PROFILE = Map.ofEntries(
            Map.entry(NL + "nl-core-patient", DataCategory.PATIENT),
            Map.entry(ZIB + "BgZ-Patient", DataCategory.PATIENT),
            Map.entry(ZIB + "zib-Payer", DataCategory.PAYER),
            Map.entry(ZIB + "zib-TreatmentDirective", DataCategory.TREATMENT_DIRECTIVE),
            Map.entry(ZIB + "zib-AdvanceDirective", DataCategory.ADVANCE_DIRECTIVE),
            Map.entry(ZIB + "zib-FunctionalOrMentalStatus", DataCategory.FUNCTIONAL_OR_MENTAL_STATUS),
            Map.entry(ZIB + "zib-Problem", DataCategory.PROBLEM),
            Map.entry(ZIB + "BgZ-Problem", DataCategory.PROBLEM),
            Map.entry(ZIB + "zib-LivingSituation", DataCategory.LIVING_SITUATION),
            Map.entry(ZIB + "zib-DrugUse", DataCategory.DRUG_USE),
            Map.entry(ZIB + "zib-AlcoholUse", DataCategory.ALCOHOL_USE),
            Map.entry(ZIB + "zib-TobaccoUse", DataCategory.TOBACCO_USE),
            Map.entry(ZIB + "zib-NutritionAdvice", DataCategory.NUTRITION_ADVICE),
            Map.entry(ZIB + "zib-Alert", DataCategory.ALERT),
            Map.entry(ZIB + "zib-AllergyIntolerance", DataCategory.ALLERGY_INTOLERANCE),
            Map.entry(ZIB + "zib-MedicationAgreement", DataCategory.MEDICATION_AGREEMENT),
            Map.entry(ZIB + "zib-AdministrationAgreement", DataCategory.ADMINISTRATION_AGREEMENT),
            Map.entry(ZIB + "zib-MedicationUse", DataCategory.MEDICATION_USE),
            Map.entry(ZIB + "zib-MedicalDevice", DataCategory.MEDICAL_DEVICE),
            Map.entry(ZIB + "zib-Vaccination", DataCategory.VACCINATION),
            Map.entry(ZIB + "zib-BloodPressure", DataCategory.BLOOD_PRESSURE),
            Map.entry(ZIB + "zib-BodyWeight", DataCategory.BODY_WEIGHT),
            Map.entry(ZIB + "zib-BodyHeight", DataCategory.BODY_HEIGHT),
            Map.entry(ZIB + "zib-LaboratoryTestResult-Observation", DataCategory.LABORATORY_TEST_RESULT),
            Map.entry(ZIB + "zib-LaboratoryTestResult-Specimen", DataCategory.LABORATORY_TEST_RESULT),
            Map.entry(ZIB + "zib-LaboratoryTestResult-DiagnosticReport", DataCategory.LABORATORY_TEST_RESULT),
            Map.entry(ZIB + "zib-Procedure", DataCategory.PROCEDURE),
            Map.entry(ZIB + "zib-Encounter", DataCategory.ENCOUNTER),
            Map.entry(ZIB + "zib-ProcedureRequest", DataCategory.PLANNED_CARE_ACTIVITY),
            Map.entry(NL + "nl-core-practitioner", DataCategory.HEALTH_PROFESSIONAL),
            Map.entry(NL + "nl-core-practitionerrole", DataCategory.HEALTH_PROFESSIONAL),
            Map.entry(NL + "nl-core-careteam", DataCategory.HEALTH_PROFESSIONAL),
            Map.entry(NL + "nl-core-relatedperson", DataCategory.CONTACT_PERSON),
            Map.entry(ZIB + "zib-ContactPerson", DataCategory.CONTACT_PERSON));

    /**
     * Every zib of the BgZ (every category but images): what one request, and the consent flow's token endpoint,
     * ask the consent service about in one question.
     */
    public static final java.util.Set<DataCategory> BGZ = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.complementOf(java.util.EnumSet.of(DataCategory.IMAGES)));

    private Zibs() {
    }

    /** The category of the first profile that names a zib, or null when none does. */
    public static DataCategory category(List<String> profiles) {
        for (String p : profiles) {
            String canonical = p.contains("|") ? p.substring(0, p.indexOf('|')) : p;
            DataCategory c = BY_PROFILE.get(canonical);
            if (c != null) {
                return c;
            }
        }
        return null;
    }
}

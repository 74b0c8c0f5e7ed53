package nl.zorgbrug.bgz.stu3;

import nl.zorgbrug.audit.consent.DataCategory;

/**
 * The sections of the BgZ as one document, one per search of the BgZ MSZ 2.0 query set and in its order
 * ({@link nl.zorgbrug.bgz.queryset.BgzQuerySet}; the FO BgZ MSZ lists the same zibs): the zib (and so the consent and
 * shielding category), its English title, and where the International Patient Summary (HL7 IPS, "Composition
 * sections") has a section for the same content, that section's LOINC code. Every section is also coded with the zib
 * name in {@link #SYSTEM}, as no Nictiz code system names the BgZ sections (BgZ MSZ 2.0 defines no Composition).
 */
public enum BgzSection {
    PATIENT(DataCategory.PATIENT, "Patient", null, null),
    PAYER(DataCategory.PAYER, "Payer", "48768-6", "Payment sources Document"),
    TREATMENT_DIRECTIVE(DataCategory.TREATMENT_DIRECTIVE, "Treatment directives", "42348-3", "Advance directives"),
    ADVANCE_DIRECTIVE(DataCategory.ADVANCE_DIRECTIVE, "Advance directives", "42348-3", "Advance directives"),
    FUNCTIONAL_OR_MENTAL_STATUS(DataCategory.FUNCTIONAL_OR_MENTAL_STATUS, "Functional or mental status", "47420-5",
            "Functional status assessment note"),
    CONTACT_PERSON(DataCategory.CONTACT_PERSON, "Contact persons (Patient.contact)", null, null),
    PROBLEM(DataCategory.PROBLEM, "Problems", "11450-4", "Problem list - Reported"),
    LIVING_SITUATION(DataCategory.LIVING_SITUATION, "Living situation", "29762-2", "Social history Narrative"),
    DRUG_USE(DataCategory.DRUG_USE, "Drug use", "29762-2", "Social history Narrative"),
    ALCOHOL_USE(DataCategory.ALCOHOL_USE, "Alcohol use", "29762-2", "Social history Narrative"),
    TOBACCO_USE(DataCategory.TOBACCO_USE, "Tobacco use", "29762-2", "Social history Narrative"),
    NUTRITION_ADVICE(DataCategory.NUTRITION_ADVICE, "Nutrition advice", null, null),
    ALERT(DataCategory.ALERT, "Alerts", null, null),
    ALLERGY_INTOLERANCE(DataCategory.ALLERGY_INTOLERANCE, "Allergies and intolerances", "48765-2",
            "Allergies and adverse reactions Document"),
    MEDICATION_USE(DataCategory.MEDICATION_USE, "Medication use", "10160-0", "History of Medication use Narrative"),
    MEDICATION_AGREEMENT(DataCategory.MEDICATION_AGREEMENT, "Medication agreements", "10160-0",
            "History of Medication use Narrative"),
    ADMINISTRATION_AGREEMENT(DataCategory.ADMINISTRATION_AGREEMENT, "Administration agreements", "10160-0",
            "History of Medication use Narrative"),
    MEDICAL_DEVICE(DataCategory.MEDICAL_DEVICE, "Medical aids", "46264-8", "History of medical device use"),
    VACCINATION(DataCategory.VACCINATION, "Vaccinations", "11369-6", "History of Immunization Narrative"),
    BLOOD_PRESSURE(DataCategory.BLOOD_PRESSURE, "Blood pressure", "8716-3", "Vital signs"),
    BODY_WEIGHT(DataCategory.BODY_WEIGHT, "Body weight", "8716-3", "Vital signs"),
    BODY_HEIGHT(DataCategory.BODY_HEIGHT, "Body height", "8716-3", "Vital signs"),
    LABORATORY_TEST_RESULT(DataCategory.LABORATORY_TEST_RESULT, "Laboratory results", "30954-2",
            "Relevant diagnostic tests/laboratory data Narrative"),
    ENCOUNTER(DataCategory.ENCOUNTER, "Encounters", "46240-8", "History of Hospitalizations+Outpatient visits Narrative"),
    PROCEDURE(DataCategory.PROCEDURE, "Procedures", "47519-4", "History of Procedures Document"),
    PLANNED_CARE_ACTIVITY(DataCategory.PLANNED_CARE_ACTIVITY, "Planned care", "18776-5", "Plan of care note"),
    HEALTH_PROFESSIONAL(DataCategory.HEALTH_PROFESSIONAL, "Care team", "85847-2", "Patient Care team information");

    /** Zorgbrug's code system of the BgZ sections: the code is the zib's Dutch name as Nictiz spells it. */
    public static final String SYSTEM = "https://zorgbrug.nl/fhir/CodeSystem/bgz-section";
    public static final String LOINC = "http://loinc.org";

    private final DataCategory zib;
    private final String title;
    private final String loinc;
    private final String loincDisplay;

    BgzSection(DataCategory zib, String title, String loinc, String loincDisplay) {
        this.zib = zib;
        this.title = title;
        this.loinc = loinc;
        this.loincDisplay = loincDisplay;
    }

    public DataCategory zib() {
        return zib;
    }

    /** The title: the zib's Dutch name and the English one. */
    public String title() {
        return zib.zib() + " / " + title;
    }

    /** The IPS section's LOINC code for the same content, or null where IPS has none. */
    public String loinc() {
        return loinc;
    }

    public String loincDisplay() {
        return loincDisplay;
    }
}

package nl.zorgbrug.audit.consent;

/**
 * The categories a consent or a shielding names: the zibs of the BgZ (Nictiz, BgZ MSZ 2017, one category per zib)
 * and the images. A patient may shield, for instance, {@link #DRUG_USE} and {@link #ALCOHOL_USE} from sharing while
 * they stay in the own record.
 */
public enum DataCategory {
    PATIENT("Patient"), PAYER("Betaler"), TREATMENT_DIRECTIVE("BehandelAanwijzing"),
    ADVANCE_DIRECTIVE("Wilsverklaring"), FUNCTIONAL_OR_MENTAL_STATUS("FunctioneleOfMentaleStatus"),
    PROBLEM("Probleem"), LIVING_SITUATION("Woonsituatie"), DRUG_USE("DrugsGebruik"),
    ALCOHOL_USE("AlcoholGebruik"), TOBACCO_USE("TabakGebruik"), NUTRITION_ADVICE("Voedingsadvies"),
    ALERT("Alert"), ALLERGY_INTOLERANCE("AllergieIntolerantie"), MEDICATION_AGREEMENT("MedicatieAfspraak"),
    ADMINISTRATION_AGREEMENT("ToedieningsAfspraak"), MEDICATION_USE("MedicatieGebruik"),
    MEDICAL_DEVICE("MedischHulpmiddel"), VACCINATION("Vaccinatie"), BLOOD_PRESSURE("Bloeddruk"),
    BODY_WEIGHT("Lichaamsgewicht"), BODY_HEIGHT("Lichaamslengte"), LABORATORY_TEST_RESULT("LaboratoriumUitslag"),
    PROCEDURE("Verrichting"), ENCOUNTER("Contact"), PLANNED_CARE_ACTIVITY("GeplandeZorgActiviteit"),
    HEALTH_PROFESSIONAL("Zorgverlener"), CONTACT_PERSON("Contactpersoon"),
    /** Images and their reports (image availability). */
    IMAGES("Beeldvorming");

    private final String zib;

    DataCategory(String zib) {
        this.zib = zib;
    }

    /** The zib's Dutch name, as Nictiz spells it (the code a Mitz question carries as action). */
    public String zib() {
        return zib;
    }

    /** The category of a zib name (as {@link #zib()} spells it), or null. */
    public static DataCategory ofZib(String zib) {
        for (DataCategory c : values()) {
            if (c.zib.equals(zib)) {
                return c;
            }
        }
        return null;
    }
}

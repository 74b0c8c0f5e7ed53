package nl.zorgbrug.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generated test data for the BgZ benchmark (issue 19): one patient's record as the EPD would feed it, as FHIR STU3
 * JSON on the zib2017 profiles, spread over the 17 resource types the BgZ MSZ 2.0 query set asks for, with the codes
 * its 27 queries select by (docs/bgz.md, "What we serve"), the resources the includes name (Practitioner,
 * Organization, Medication, Device) and a Provenance (BgZ-Metadata) per ten zibs. All values are test values; the BSN
 * passes the 11-proof but is made up ({@link AdtBenchmark#bsn}).
 *
 * <p>The spread of 2,000 resources follows what a hospital's record of a patient with a long history holds: most of
 * it laboratory results and vital signs, then encounters, medication and problems; the single-state zibs (living
 * situation, drug, alcohol and tobacco use) a few each. {@link #expected} is what each query of the set must match.
 */
final class BgzData {
    static final String ZIB = "http://nictiz.nl/fhir/StructureDefinition/";
    static final String NL = "http://fhir.nl/fhir/StructureDefinition/";
    static final String SCT = "http://snomed.info/sct";
    static final String LOINC = "http://loinc.org";

    /** One resource to feed: type, logical id and its JSON. */
    record Resource(String type, String id, String json) {
    }

    /** How many of each kind one patient gets; {@link #of(int)} scales the laboratory results to the total asked. */
    record Spread(int practitioners, int coverages, int treatmentDirectives, int advanceDirectives, int functional,
                  int lifestyleEach, int problems, int nutrition, int alerts, int allergies, int medications,
                  int medicationUse, int agreements, int administrations, int devices, int vaccinations,
                  int bloodPressures, int weights, int heights, int labs, int encounters, int procedures,
                  int procedureRequests, int careTeams) {

        /** The spread for about {@code total} resources, Provenance (one per ten zibs) and shared resources included. */
        static Spread of(int total) {
            Spread base = new Spread(8, 2, 2, 2, 20, 3, 60, 4, 6, 12, 40, 80, 120, 60, 4, 16, 150, 60, 10, 0, 180, 60,
                    30, 4);
            int labs = Math.max(10, (int) ((total - base.count(0)) / 1.1));
            while (base.withLabs(labs).count(labs) < total) {
                labs++;
            }
            while (labs > 10 && base.withLabs(labs).count(labs) > total) {
                labs--;
            }
            return base.withLabs(labs);
        }

        Spread withLabs(int n) {
            return new Spread(practitioners, coverages, treatmentDirectives, advanceDirectives, functional,
                    lifestyleEach, problems, nutrition, alerts, allergies, medications, medicationUse, agreements,
                    administrations, devices, vaccinations, bloodPressures, weights, heights, n, encounters,
                    procedures, procedureRequests, careTeams);
        }

        int zibs(int labCount) {
            return 1 + coverages + treatmentDirectives + advanceDirectives + functional + 4 * lifestyleEach + problems
                    + nutrition + alerts + allergies + medicationUse + agreements + administrations + devices
                    + vaccinations + bloodPressures + weights + heights + labCount + encounters + procedures
                    + procedureRequests + careTeams;
        }

        /** Resources in all: zibs, Provenance (one per ten zibs), practitioners, payor, medications, devices. */
        int count(int labCount) {
            int zibs = zibs(labCount);
            return zibs + (zibs + 9) / 10 + practitioners + 1 + medications + devices;
        }
    }

    private final String prefix;
    private final String bsn;
    private final Spread spread;
    private final List<Resource> out = new ArrayList<>();
    private final List<String> pendingTargets = new ArrayList<>();
    private int provenances;

    private BgzData(String prefix, String bsn, Spread spread) {
        this.prefix = prefix;
        this.bsn = bsn;
        this.spread = spread;
    }

    /** One patient's resources, in feeding order: every Provenance after the ten zibs it names. */
    static List<Resource> patient(String prefix, String bsn, Spread s) {
        BgzData d = new BgzData(prefix, bsn, s);
        d.generate();
        return d.out;
    }

    /** The matches (Bundle.total) each query of BgzQuerySet.all() must give for a patient of spread {@code s}. */
    static int[] expected(Spread s) {
        return new int[] {1, s.coverages, s.treatmentDirectives, s.advanceDirectives, s.functional, 1, s.problems,
            s.lifestyleEach, s.lifestyleEach, s.lifestyleEach, s.lifestyleEach, s.nutrition, s.alerts, s.allergies,
            s.medicationUse, s.agreements, s.administrations, s.devices, s.vaccinations, 1, s.weights, s.heights,
            s.labs, s.encounters, s.procedures, (s.procedureRequests + 1) / 2, (s.careTeams + 1) / 2};
    }

    private String pat() {
        return "{\"reference\":\"Patient/" + prefix + "\"}";
    }

    private static String meta(String profile) {
        return "\"meta\":{\"profile\":[\"" + profile + "\"]}";
    }

    private static String cc(String system, String code, String display) {
        return "{\"coding\":[{\"system\":\"" + system + "\",\"code\":\"" + code + "\",\"display\":\"" + display
                + "\"}]}";
    }

    private static String date(int i) {
        // Spread over twelve years, one a few days apart.
        int day = i * 3 % 4380;
        return java.time.LocalDate.of(2014, 1, 1).plusDays(day).toString();
    }

    private static String dateTime(int i) {
        return date(i) + String.format(Locale.ROOT, "T%02d:%02d:00+01:00", 8 + i % 10, i * 7 % 60);
    }

    private void add(String type, String id, String body, boolean zib) {
        out.add(new Resource(type, id, "{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\"," + body + "}"));
        if (zib) {
            pendingTargets.add(type + "/" + id);
            if (pendingTargets.size() == 10) {
                provenance();
            }
        }
    }

    /** BgZ MSZ 2.0's zib-level metadata: a Provenance naming the zibs recorded together, by whom and when. */
    private void provenance() {
        if (pendingTargets.isEmpty()) {
            return;
        }
        String id = prefix + "-prov-" + provenances++;
        StringBuilder targets = new StringBuilder();
        for (String t : pendingTargets) {
            targets.append(targets.length() == 0 ? "" : ",").append("{\"reference\":\"").append(t).append("\"}");
        }
        out.add(new Resource("Provenance", id, "{\"resourceType\":\"Provenance\",\"id\":\"" + id + "\","
                + meta(ZIB + "BgZ-Metadata") + ",\"target\":[" + targets + "],\"recorded\":\""
                + dateTime(provenances) + "\",\"agent\":[{\"role\":[" + cc("http://hl7.org/fhir/v3/ParticipationType",
                "AUT", "author") + "],\"whoReference\":{\"reference\":\"Organization/" + prefix
                + "-org-hospital\"}}]}"));
        pendingTargets.clear();
    }

    private void generate() {
        Spread s = spread;
        for (int i = 0; i < s.practitioners; i++) {
            add("Practitioner", prefix + "-prac-" + i, meta(NL + "nl-core-practitioner")
                    + ",\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/uzi-nr-pers\",\"value\":\""
                    + (900000000 + i) + "\"}],\"name\":[{\"family\":\"Arts" + i + "\",\"given\":[\"Test\"]}]", false);
        }
        add("Organization", prefix + "-org-hospital", "\"identifier\":[{\"system\":"
                + "\"http://fhir.nl/fhir/NamingSystem/ura\",\"value\":\"90000999\"}],\"name\":\"Testziekenhuis\"", false);
        add("Patient", prefix, meta(NL + "nl-core-patient") + ",\"identifier\":[{\"system\":"
                + "\"http://fhir.nl/fhir/NamingSystem/bsn\",\"value\":\"" + bsn + "\"}],\"name\":[{\"family\":\"Test"
                + prefix + "\",\"given\":[\"Proef\"]}],\"gender\":\"female\",\"birthDate\":\"1950-03-02\","
                + "\"generalPractitioner\":[{\"reference\":\"Practitioner/" + prefix + "-prac-0\"}]", true);
        for (int i = 0; i < s.coverages; i++) {
            add("Coverage", prefix + "-cov-" + i, meta(ZIB + "zib-Payer") + ",\"status\":\"active\",\"type\":"
                    + cc("http://hl7.org/fhir/v3/ActCode", "PUBLICPOL", "public healthcare") + ",\"beneficiary\":"
                    + pat() + ",\"payor\":[{\"reference\":\"Organization/" + prefix + "-org-hospital\"}]", true);
        }
        for (int i = 0; i < s.treatmentDirectives + s.advanceDirectives; i++) {
            boolean td = i < s.treatmentDirectives;
            add("Consent", prefix + "-consent-" + i, meta(ZIB + (td ? "zib-TreatmentDirective"
                    : "zib-AdvanceDirective")) + ",\"status\":\"active\",\"category\":[" + cc(SCT, td
                    ? "11291000146105" : "11341000146107", td ? "Treatment instructions" : "Advance directive")
                    + "],\"patient\":" + pat() + ",\"dateTime\":\"" + dateTime(i) + "\",\"policyRule\":"
                    + "\"http://wetten.overheid.nl/\"", true);
        }
        for (int i = 0; i < s.functional; i++) {
            observation("func-" + i, "zib-FunctionalOrMentalStatus", cc(SCT, i % 2 == 0 ? "118228005"
                    : "384821006", "status"), cc(SCT, "129035009", "mobility"), i, "\"valueCodeableConcept\":"
                    + cc(SCT, "371153006", "independent"));
        }
        String[][] lifestyle = {{"365508006", "zib-LivingSituation"}, {"228366006", "zib-DrugUse"},
            {"228273003", "zib-AlcoholUse"}, {"365980008", "zib-TobaccoUse"}};
        for (String[] l : lifestyle) {
            for (int i = 0; i < s.lifestyleEach; i++) {
                observation(l[0] + "-" + i, l[1], null, cc(SCT, l[0], "finding"), i,
                        "\"valueCodeableConcept\":" + cc(SCT, "8517006", "ex"));
            }
        }
        for (int i = 0; i < s.problems; i++) {
            add("Condition", prefix + "-cond-" + i, meta(ZIB + "zib-Problem") + ",\"clinicalStatus\":\""
                    + (i % 3 == 0 ? "active" : "resolved") + "\",\"verificationStatus\":\"confirmed\",\"category\":["
                    + cc(SCT, "282291009", "diagnosis") + "],\"code\":" + cc(SCT, Integer.toString(38341003 + i),
                    "problem " + i) + ",\"subject\":" + pat() + ",\"onsetDateTime\":\"" + dateTime(i) + "\"", true);
        }
        for (int i = 0; i < s.nutrition; i++) {
            add("NutritionOrder", prefix + "-nut-" + i, meta(ZIB + "zib-NutritionAdvice") + ",\"status\":\"active\","
                    + "\"patient\":" + pat() + ",\"dateTime\":\"" + dateTime(i) + "\",\"oralDiet\":{\"type\":["
                    + cc(SCT, "160670007", "diabetic diet") + "]}", true);
        }
        for (int i = 0; i < s.alerts; i++) {
            add("Flag", prefix + "-flag-" + i, meta(ZIB + "zib-Alert") + ",\"status\":\"active\",\"code\":"
                    + cc(SCT, "13790001", "alert " + i) + ",\"subject\":" + pat(), true);
        }
        for (int i = 0; i < s.allergies; i++) {
            add("AllergyIntolerance", prefix + "-allergy-" + i, meta(ZIB + "zib-AllergyIntolerance")
                    + ",\"clinicalStatus\":\"active\",\"verificationStatus\":\"confirmed\",\"code\":"
                    + cc(SCT, Integer.toString(91936005 + i), "allergen " + i) + ",\"patient\":" + pat()
                    + ",\"assertedDate\":\"" + dateTime(i) + "\"", true);
        }
        for (int i = 0; i < s.medications; i++) {
            add("Medication", prefix + "-med-" + i, meta(ZIB + "zib-Product") + ",\"code\":"
                    + cc("urn:oid:2.16.840.1.113883.2.4.4.10", Integer.toString(100000 + i), "product " + i), false);
        }
        for (int i = 0; i < s.medicationUse; i++) {
            add("MedicationStatement", prefix + "-mu-" + i, meta(ZIB + "zib-MedicationUse") + ",\"status\":\"active\","
                    + "\"category\":" + cc("urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3", "6", "medication use")
                    + ",\"medicationReference\":{\"reference\":\"Medication/" + prefix + "-med-" + i % s.medications
                    + "\"},\"subject\":" + pat() + ",\"taken\":\"y\",\"effectivePeriod\":{\"start\":\"" + dateTime(i)
                    + "\"}", true);
        }
        for (int i = 0; i < s.agreements; i++) {
            add("MedicationRequest", prefix + "-ma-" + i, meta(ZIB + "zib-MedicationAgreement")
                    + ",\"intent\":\"order\",\"category\":" + cc(SCT, "16076005", "prescription")
                    + ",\"medicationReference\":{\"reference\":\"Medication/" + prefix + "-med-" + i % s.medications
                    + "\"},\"subject\":" + pat() + ",\"authoredOn\":\"" + dateTime(i) + "\",\"requester\":{\"agent\":"
                    + "{\"reference\":\"Practitioner/" + prefix + "-prac-1\"}}", true);
        }
        for (int i = 0; i < s.administrations; i++) {
            add("MedicationDispense", prefix + "-aa-" + i, meta(ZIB + "zib-AdministrationAgreement")
                    + ",\"category\":" + cc(SCT, "422037009", "administration agreement")
                    + ",\"medicationReference\":{\"reference\":\"Medication/" + prefix + "-med-" + i % s.medications
                    + "\"},\"subject\":" + pat() + ",\"whenHandedOver\":\"" + dateTime(i) + "\"", true);
        }
        for (int i = 0; i < s.devices; i++) {
            add("Device", prefix + "-dev-" + i, "\"type\":" + cc(SCT, "14106009", "pacemaker") + ",\"patient\":"
                    + pat(), false);
            add("DeviceUseStatement", prefix + "-dus-" + i, meta(ZIB + "zib-MedicalDevice") + ",\"status\":"
                    + "\"active\",\"subject\":" + pat() + ",\"whenUsed\":{\"start\":\"" + dateTime(i) + "\"},\"device\":"
                    + "{\"reference\":\"Device/" + prefix + "-dev-" + i + "\"}", true);
        }
        for (int i = 0; i < s.vaccinations; i++) {
            add("Immunization", prefix + "-imm-" + i, meta(ZIB + "zib-Vaccination") + ",\"status\":\"completed\","
                    + "\"notGiven\":false,\"vaccineCode\":" + cc("urn:oid:2.16.840.1.113883.2.4.4.10", "1234" + i % 5,
                    "vaccine") + ",\"patient\":" + pat() + ",\"date\":\"" + dateTime(i) + "\",\"primarySource\":true",
                    true);
        }
        for (int i = 0; i < s.bloodPressures; i++) {
            observation("bp-" + i, "zib-BloodPressure", cc("http://hl7.org/fhir/observation-category",
                    "vital-signs", "Vital Signs"), cc(LOINC, "85354-9", "Blood pressure panel"), i,
                    "\"component\":[{\"code\":" + cc(LOINC, "8480-6", "systolic") + ",\"valueQuantity\":{\"value\":"
                    + (110 + i % 40) + ",\"unit\":\"mmHg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\""
                    + "}},{\"code\":" + cc(LOINC, "8462-4", "diastolic") + ",\"valueQuantity\":{\"value\":"
                    + (70 + i % 20) + ",\"unit\":\"mmHg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\""
                    + "}}]");
        }
        for (int i = 0; i < s.weights; i++) {
            observation("wt-" + i, "zib-BodyWeight", cc("http://hl7.org/fhir/observation-category", "vital-signs",
                    "Vital Signs"), cc(LOINC, "29463-7", "Body weight"), i, quantity(60 + i % 30, "kg", "kg"));
        }
        String[] heightCodes = {"8302-2", "8306-3", "8308-9"};
        for (int i = 0; i < s.heights; i++) {
            observation("ht-" + i, "zib-BodyHeight", cc("http://hl7.org/fhir/observation-category", "vital-signs",
                    "Vital Signs"), cc(LOINC, heightCodes[i % 3], "Body height"), i, quantity(170 + i % 5, "cm", "cm"));
        }
        String[] labCodes = {"718-7", "2345-7", "2160-0", "1742-6", "6690-2", "777-3", "2823-3", "2951-2"};
        for (int i = 0; i < s.labs; i++) {
            // Every twentieth result is a panel naming the two results before it (Observation:related-target).
            String related = i % 20 == 19 ? ",\"related\":[{\"type\":\"has-member\",\"target\":{\"reference\":"
                    + "\"Observation/" + prefix + "-lab-" + (i - 1) + "\"}},{\"type\":\"has-member\",\"target\":"
                    + "{\"reference\":\"Observation/" + prefix + "-lab-" + (i - 2) + "\"}}]" : "";
            observation("lab-" + i, "zib-LaboratoryTestResult-Observation", cc(SCT, "49581000146104",
                    "Laboratory test finding"), cc(LOINC, labCodes[i % labCodes.length], "lab test"), i,
                    quantity(4.0 + i % 50 / 10.0, "mmol/L", "mmol/L") + related);
        }
        for (int i = 0; i < s.encounters; i++) {
            add("Encounter", prefix + "-enc-" + i, meta(ZIB + "zib-Encounter") + ",\"status\":\"finished\",\"class\":"
                    + "{\"system\":\"http://hl7.org/fhir/v3/ActCode\",\"code\":\"" + (i % 4 == 0 ? "IMP" : "AMB")
                    + "\"},\"subject\":" + pat() + ",\"period\":{\"start\":\"" + dateTime(i) + "\"}", true);
        }
        for (int i = 0; i < s.procedureRequests; i++) {
            add("ProcedureRequest", prefix + "-pr-" + i, meta(ZIB + "zib-ProcedureRequest") + ",\"status\":\""
                    + (i % 2 == 0 ? "active" : "completed") + "\",\"intent\":\"order\",\"code\":" + cc(SCT,
                    "80146002", "appendectomy") + ",\"subject\":" + pat() + ",\"occurrenceDateTime\":\"" + dateTime(i)
                    + "\"", true);
        }
        for (int i = 0; i < s.procedures; i++) {
            add("Procedure", prefix + "-proc-" + i, meta(ZIB + "zib-Procedure") + ",\"status\":\"completed\","
                    + "\"category\":" + cc(SCT, i % 2 == 0 ? "387713003" : "258174001", "procedure") + ",\"code\":"
                    + cc(SCT, Integer.toString(80146002 + i), "procedure " + i) + ",\"subject\":" + pat()
                    + ",\"performedDateTime\":\"" + dateTime(i) + "\",\"basedOn\":[{\"reference\":"
                    + "\"ProcedureRequest/" + prefix + "-pr-" + i % s.procedureRequests + "\"}]", true);
        }
        for (int i = 0; i < s.careTeams; i++) {
            add("CareTeam", prefix + "-ct-" + i, meta(NL + "nl-core-careteam") + ",\"status\":\""
                    + (i % 2 == 0 ? "active" : "inactive") + "\",\"subject\":" + pat() + ",\"participant\":[{\"member\":"
                    + "{\"reference\":\"Practitioner/" + prefix + "-prac-" + (1 + i % (s.practitioners - 1)) + "\"}}]",
                    true);
        }
        provenance();
    }

    private static String quantity(double value, String unit, String code) {
        return "\"valueQuantity\":{\"value\":" + String.format(Locale.ROOT, "%.1f", value) + ",\"unit\":\"" + unit
                + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + code + "\"}";
    }

    private void observation(String id, String profile, String category, String code, int i, String value) {
        add("Observation", prefix + "-" + id, meta(ZIB + profile) + ",\"status\":\"final\""
                + (category == null ? "" : ",\"category\":[" + category + "]") + ",\"code\":" + code + ",\"subject\":"
                + pat() + ",\"effectiveDateTime\":\"" + dateTime(i) + "\"," + value, true);
    }
}

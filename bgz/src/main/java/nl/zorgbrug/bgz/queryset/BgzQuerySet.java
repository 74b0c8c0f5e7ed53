package nl.zorgbrug.bgz.queryset;

import java.util.ArrayList;
import java.util.List;

/**
 * The 27 searches over 17 resource types a Raadplegend system sends for one patient's BgZ (Nictiz, BgZ MSZ 2.0 on
 * FHIR STU3; issue 19, "The full query set"), each with {@code _revinclude=Provenance:target} but {@code $lastn}, in
 * the order of the Nictiz serving TestScripts (a test compares them). The care team is asked without a patient:
 * the serving side takes the patient from the token.
 */
public final class BgzQuerySet {
    private static final String P = "http://fhir.nl/fhir/NamingSystem/bsn|{BSN}";
    private static final String SCT = "http://snomed.info/sct|";
    private static final String LOINC = "http://loinc.org|";

    private BgzQuerySet() {
    }

    public static List<BgzQuery> all() {
        List<BgzQuery> q = new ArrayList<>();
        q.add(search("Patient", "identifier", P, "_include", "Patient:general-practitioner"));
        q.add(search("Coverage", "beneficiary.identifier", P, "_include", "Coverage:payor"));
        q.add(patient("Consent", "category", SCT + "11291000146105"));
        q.add(patient("Consent", "category", SCT + "11341000146107"));
        q.add(patient("Observation", "category", SCT + "118228005," + SCT + "384821006"));
        // The Patient again, without the general practitioner: the zib ContactPerson lives in Patient.contact.
        q.add(search("Patient", "identifier", P));
        q.add(patient("Condition"));
        q.add(patient("Observation", "code", SCT + "365508006"));
        q.add(patient("Observation", "code", SCT + "228366006"));
        q.add(patient("Observation", "code", SCT + "228273003"));
        q.add(patient("Observation", "code", SCT + "365980008"));
        q.add(patient("NutritionOrder"));
        q.add(patient("Flag"));
        q.add(patient("AllergyIntolerance"));
        q.add(patient("MedicationStatement", "category", "urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6",
                "_include", "MedicationStatement:medication"));
        q.add(patient("MedicationRequest", "category", SCT + "16076005", "_include", "MedicationRequest:medication"));
        q.add(patient("MedicationDispense", "category", SCT + "422037009", "_include",
                "MedicationDispense:medication"));
        q.add(patient("DeviceUseStatement", "_include", "DeviceUseStatement:device"));
        q.add(patient("Immunization", "status", "completed"));
        q.add(new BgzQuery("Observation", "/$lastn", List.of(new String[] {"patient.identifier", P},
                new String[] {"code", LOINC + "85354-9"})));
        q.add(patient("Observation", "code", LOINC + "29463-7"));
        q.add(patient("Observation", "code", LOINC + "8302-2," + LOINC + "8306-3," + LOINC + "8308-9"));
        q.add(patient("Observation", "category", SCT + "49581000146104", "_include", "Observation:related-target"));
        q.add(patient("Encounter"));
        q.add(patient("Procedure", "category", SCT + "387713003," + SCT + "258174001", "_include",
                "Procedure:based-on"));
        q.add(patient("ProcedureRequest", "status", "active"));
        q.add(search("CareTeam", "status", "active", "_include", "CareTeam:participant"));
        return List.copyOf(q);
    }

    private static BgzQuery patient(String type, String... more) {
        String[] all = new String[more.length + 2];
        all[0] = "patient.identifier";
        all[1] = P;
        System.arraycopy(more, 0, all, 2, more.length);
        return search(type, all);
    }

    private static BgzQuery search(String type, String... pairs) {
        List<String[]> params = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.add(new String[] {pairs[i], pairs[i + 1]});
        }
        params.add(new String[] {"_revinclude", "Provenance:target"});
        return new BgzQuery(type, "", List.copyOf(params));
    }
}

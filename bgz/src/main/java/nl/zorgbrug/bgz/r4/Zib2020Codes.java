package nl.zorgbrug.bgz.r4;

import java.util.Map;

import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;

/**
 * The codes by which the BgZ queries pick a zib that zib2020 (and Medication Process 9 3.0) changed, so an R4 client
 * may ask with the zib2020 code as well as with the BgZ MSZ 2.0 one: each zib2020 code is asked of the store as the
 * zib2017 code the EPD fed. The answers carry both ({@link Zib2020Rules}).
 */
final class Zib2020Codes {
    private static final String SNOMED = Zib2020Rules.SNOMED;
    /** zib2020 {@code system|code} to zib2017 {@code system|code}. */
    static final Map<String, String> TO_ZIB2017 = Map.of(
            // TreatmentDirective2 (zib2020) and AdvanceDirective: the Consent category.
            SNOMED + "|129125009", SNOMED + "|11291000146105",
            "http://terminology.hl7.org/CodeSystem/consentcategorycodes|acd", SNOMED + "|11341000146107",
            // LaboratoryTestResult: the Observation category.
            "http://terminology.hl7.org/CodeSystem/observation-category|laboratory", SNOMED + "|49581000146104",
            // MP9 3.0: MedicationAgreement (prescription) and MedicationUse.
            SNOMED + "|33633005", SNOMED + "|16076005",
            SNOMED + "|422979000", "urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6");

    private Zib2020Codes() {
    }

    /** The token list with each zib2020 code replaced by its zib2017 code (system and code trimmed as the search does). */
    static TokenOrListParam asZib2017(TokenOrListParam tokens) {
        if (tokens == null) {
            return null;
        }
        TokenOrListParam out = new TokenOrListParam();
        for (TokenParam t : tokens.getValuesAsQueryTokens()) {
            String system = t.getSystem() == null ? null : t.getSystem().strip();
            String code = t.getValue() == null ? null : t.getValue().strip();
            String zib2017 = system == null ? null : TO_ZIB2017.get(system + "|" + code);
            if (zib2017 == null) {
                out.addOr(t);
            } else {
                int bar = zib2017.indexOf('|');
                out.addOr(new TokenParam(zib2017.substring(0, bar), zib2017.substring(bar + 1)));
            }
        }
        return out;
    }
}

package nl.zorgbrug.bgz.r4;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.Resource;

/**
 * A STU3 resource read again as R4, for the types HAPI's converter does not convert (NutritionOrder, Device) once
 * the elements R4 changed have been taken out: the rest has the same names in both versions. Strict, so an element
 * that R4 does not know fails the conversion instead of being dropped without a word.
 */
final class Reread {
    private final FhirContext stu3;
    private final FhirContext r4;

    Reread(FhirContext stu3, FhirContext r4) {
        this.stu3 = stu3;
        this.r4 = r4;
    }

    <T extends Resource> T asR4(org.hl7.fhir.dstu3.model.Resource source, Class<T> type) {
        String json = stu3.newJsonParser().encodeResourceToString(source);
        return r4.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(type, json);
    }
}

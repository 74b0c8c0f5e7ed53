package nl.zorgbrug.bgz.r4;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import nl.zorgbrug.bgz.stu3.MedicationStatementProvider;
import org.hl7.fhir.r4.model.MedicationStatement;

/** Medication use (zib MedicatieGebruik), with the medication. On R4: the STU3 search, converted to zib2020. */
final class MedicationStatementR4Provider extends R4Provider<MedicationStatement> {
    private final MedicationStatementProvider stu3;

    MedicationStatementR4Provider(MedicationStatementProvider stu3, Zib2020 mapping) {
        super(MedicationStatement.class, mapping);
        this.stu3 = stu3;
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = "category") TokenOrListParam category,
            @IncludeParam(allow = {"MedicationStatement:medication"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        return r4(stu3.search(patient, Zib2020Codes.asZib2017(category), includes, revIncludes, request));
    }
}

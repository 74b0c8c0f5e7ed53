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
import nl.zorgbrug.bgz.stu3.MedicationRequestProvider;
import org.hl7.fhir.r4.model.MedicationRequest;

/** Medication agreement (zib MedicatieAfspraak), with the medication. On R4: the STU3 search, converted to zib2020. */
final class MedicationRequestR4Provider extends R4Provider<MedicationRequest> {
    private final MedicationRequestProvider stu3;

    MedicationRequestR4Provider(MedicationRequestProvider stu3, Zib2020 mapping) {
        super(MedicationRequest.class, mapping);
        this.stu3 = stu3;
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = "category") TokenOrListParam category,
            @IncludeParam(allow = {"MedicationRequest:medication"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        return r4(stu3.search(patient, Zib2020Codes.asZib2017(category), includes, revIncludes, request));
    }
}

package nl.zorgbrug.bgz.r4;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import nl.zorgbrug.bgz.stu3.CoverageProvider;
import org.hl7.fhir.r4.model.Coverage;

/** Payer (zib Betaler): Coverage by beneficiary.identifier, with the payor. On R4: the STU3 search, converted to zib2020. */
final class CoverageR4Provider extends R4Provider<Coverage> {
    private final CoverageProvider stu3;

    CoverageR4Provider(CoverageProvider stu3, Zib2020 mapping) {
        super(Coverage.class, mapping);
        this.stu3 = stu3;
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "beneficiary", chainWhitelist = {"identifier"}) ReferenceParam beneficiary,
            @IncludeParam(allow = {"Coverage:payor", "Coverage:payor:Patient", "Coverage:payor:Organization"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        return r4(stu3.search(beneficiary, includes, revIncludes, request));
    }
}

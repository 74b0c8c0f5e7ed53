package nl.zorgbrug.bgz.stu3;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import org.hl7.fhir.dstu3.model.Coverage;

/** Payer (zib Betaler): Coverage by beneficiary.identifier, with the payor. */
public final class CoverageProvider extends BgzProvider<Coverage> {

    CoverageProvider(Serving serving, Feed feed) {
        super(Coverage.class, serving, feed);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "beneficiary", chainWhitelist = {"identifier"}) ReferenceParam beneficiary,
            @IncludeParam(allow = {"Coverage:payor", "Coverage:payor:Patient", "Coverage:payor:Organization"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        Serving.Scope scope = serving.scope(request, beneficiary);
        return serving.answer(request, scope, serving.matches(scope, "Coverage", r -> {
            Coverage x = (Coverage) r;
            return true;
        }), includes, revIncludes);
    }
}

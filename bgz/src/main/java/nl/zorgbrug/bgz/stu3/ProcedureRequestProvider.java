package nl.zorgbrug.bgz.stu3;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import org.hl7.fhir.dstu3.model.ProcedureRequest;

/** Planned care activity (zib GeplandeZorgActiviteit): ProcedureRequest by status. */
public final class ProcedureRequestProvider extends BgzProvider<ProcedureRequest> {

    ProcedureRequestProvider(Serving serving, Feed feed) {
        super(ProcedureRequest.class, serving, feed);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = "status") TokenOrListParam status,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        Serving.Scope scope = serving.scope(request, patient);
        return serving.answer(request, scope, serving.matches(scope, "ProcedureRequest", r -> {
            ProcedureRequest x = (ProcedureRequest) r;
            return Tokens.matchesCode(status, x.getStatus() == null ? null : x.getStatus().toCode());
        }), null, revIncludes);
    }
}

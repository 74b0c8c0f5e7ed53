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
import org.hl7.fhir.dstu3.model.Procedure;

/** Procedure (zib Verrichting): Procedure by category, with what it was based on. */
public final class ProcedureProvider extends BgzProvider<Procedure> {

    ProcedureProvider(Serving serving, Feed feed) {
        super(Procedure.class, serving, feed);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = "category") TokenOrListParam category,
            @IncludeParam(allow = {"Procedure:based-on"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        Serving.Scope scope = serving.scope(request, patient);
        return serving.answer(request, scope, serving.matches(scope, "Procedure", r -> {
            Procedure x = (Procedure) r;
            return Tokens.matches(category, java.util.List.of(x.getCategory()));
        }), includes, revIncludes);
    }
}

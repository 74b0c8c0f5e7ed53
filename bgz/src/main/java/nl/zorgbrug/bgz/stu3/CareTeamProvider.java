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
import org.hl7.fhir.dstu3.model.CareTeam;

/** Care team (zib Zorgverlener, the patient's team): CareTeam by status, with the participants; the patient from the token when the query names none. */
public final class CareTeamProvider extends BgzProvider<CareTeam> {

    CareTeamProvider(Serving serving, Feed feed) {
        super(CareTeam.class, serving, feed);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = "status") TokenOrListParam status,
            @IncludeParam(allow = {"CareTeam:participant"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        Serving.Scope scope = serving.scope(request, patient);
        return serving.answer(request, scope, serving.matches(scope, "CareTeam", r -> {
            CareTeam x = (CareTeam) r;
            return Tokens.matchesCode(status, x.getStatus() == null ? null : x.getStatus().toCode());
        }), includes, revIncludes);
    }
}

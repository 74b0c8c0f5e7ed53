package nl.zorgbrug.bgz.stu3;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import org.hl7.fhir.dstu3.model.Encounter;

/** Encounter (zib Contact): Encounter. */
public final class EncounterProvider extends BgzProvider<Encounter> {

    EncounterProvider(Serving serving, Feed feed) {
        super(Encounter.class, serving, feed);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        Serving.Scope scope = serving.scope(request, patient);
        return serving.answer(request, scope, serving.matches(scope, "Encounter", r -> {
            Encounter x = (Encounter) r;
            return true;
        }), null, revIncludes);
    }
}

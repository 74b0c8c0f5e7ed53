package nl.zorgbrug.bgz.stu3;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import org.hl7.fhir.dstu3.model.NutritionOrder;

/** Nutrition advice (zib Voedingsadvies): NutritionOrder. */
public final class NutritionOrderProvider extends BgzProvider<NutritionOrder> {

    NutritionOrderProvider(Serving serving, Feed feed) {
        super(NutritionOrder.class, serving, feed);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        Serving.Scope scope = serving.scope(request, patient);
        return serving.answer(request, scope, serving.matches(scope, "NutritionOrder", r -> {
            NutritionOrder x = (NutritionOrder) r;
            return true;
        }), null, revIncludes);
    }
}

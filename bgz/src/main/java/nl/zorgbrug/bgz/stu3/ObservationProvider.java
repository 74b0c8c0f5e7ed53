package nl.zorgbrug.bgz.stu3;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.dstu3.model.Observation;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * The Observation zibs of the BgZ: functional or mental status (by category), living situation, drug, alcohol and
 * tobacco use (by code), blood pressure, weight and height (by LOINC code, also as {@code $lastn}), laboratory results
 * (by category, with related observations).
 */
public final class ObservationProvider extends BgzProvider<Observation> {
    private static final Set<String> LASTN_PARAMS = Set.of("patient.identifier", "code", "max", "_format", "_pretty");

    ObservationProvider(Serving serving, Feed feed) {
        super(Observation.class, serving, feed);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = "category") TokenOrListParam category,
            @OptionalParam(name = "code") TokenOrListParam code,
            @IncludeParam(allow = {"Observation:related-target"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        Serving.Scope scope = serving.scope(request, patient);
        // The store pre-selects by the code asked, else by the category (the BgZ asks for one of them).
        String param = code != null ? "code" : category != null ? "category" : null;
        return serving.answer(request, scope, serving.matches(request, scope, "Observation", param,
                code != null ? code : category, r -> {
            Observation o = (Observation) r;
            return Tokens.matches(category, o.getCategory()) && Tokens.matches(code, List.of(o.getCode()));
        }, json -> Tokens.matches(category, StoredTree.at(json, "category"))
                && Tokens.matches(code, StoredTree.at(json, "code"))), includes, revIncludes);
    }

    /**
     * {@code $lastn} (FHIR R4 Observation-lastn, which BgZ MSZ 2.0 uses on STU3 for vital signs): per code asked,
     * the most recent observation of the patient ({@code max}, default 1), by effective time, else issued.
     */
    @Operation(name = "$lastn", idempotent = true, bundleType = BundleTypeEnum.SEARCHSET)
    public IBundleProvider lastN(
            @OperationParam(name = "patient.identifier", min = 0, max = 1) TokenParam patient,
            @OperationParam(name = "code", min = 1, max = 1) TokenOrListParam code,
            @OperationParam(name = "max", min = 0, max = 1) org.hl7.fhir.dstu3.model.IntegerType max,
            RequestDetails request) {
        for (String name : request.getParameters().keySet()) {
            if (!LASTN_PARAMS.contains(name)) {
                throw new InvalidRequestException("$lastn does not support the parameter '" + name
                        + "': it takes patient.identifier, code and max");
            }
        }
        int perCode = max == null || max.getValue() == null ? 1 : max.getValue();
        if (perCode < 1) {
            throw new InvalidRequestException("$lastn max must be 1 or more, not " + perCode);
        }
        return lastN(patient, code, perCode, request);
    }

    /** {@code $lastn} without checking the request's own parameters: as the BgZ document runs it. */
    SearchResult lastN(TokenParam patient, TokenOrListParam code, int perCode, RequestDetails request) {
        Serving.Scope scope = serving.scope(request, patient);
        List<Resource> all = serving.matches(scope, "Observation", "code", code,
                r -> Tokens.matches(code, List.of(((Observation) r).getCode())));
        List<Resource> latest = new ArrayList<>();
        for (TokenParam t : code.getValuesAsQueryTokens()) {
            all.stream().filter(r -> Tokens.matches(t, ((Observation) r).getCode()))
                    .sorted(Comparator.comparing(ObservationProvider::when, Comparator.nullsLast(Comparator.reverseOrder())))
                    .filter(r -> !latest.contains(r))
                    .limit(perCode)
                    .forEach(latest::add);
        }
        return serving.answer(request, scope, latest, null, null);
    }

    private static Date when(Resource r) {
        Observation o = (Observation) r;
        if (o.hasEffectiveDateTimeType()) {
            return o.getEffectiveDateTimeType().getValue();
        }
        if (o.hasEffectivePeriod() && o.getEffectivePeriod().hasStart()) {
            return o.getEffectivePeriod().getStart();
        }
        return o.getIssued();
    }
}

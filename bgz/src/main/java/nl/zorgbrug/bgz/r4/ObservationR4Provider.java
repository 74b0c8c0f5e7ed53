package nl.zorgbrug.bgz.r4;

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
import nl.zorgbrug.bgz.stu3.ObservationProvider;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;

/**
 * The Observation zibs of the BgZ on R4 (functional or mental status, living situation, drug, alcohol and tobacco use,
 * blood pressure, weight, height, laboratory results) and {@code $lastn}, which R4 defines itself (FHIR R4,
 * Observation-lastn): the STU3 search, converted to zib2020. {@code _include=Observation:related-target} is kept as
 * the BgZ query names it; on R4 the related observations are {@code hasMember}/{@code derivedFrom}.
 */
final class ObservationR4Provider extends R4Provider<Observation> {
    private final ObservationProvider stu3;

    ObservationR4Provider(ObservationProvider stu3, Zib2020 mapping) {
        super(Observation.class, mapping);
        this.stu3 = stu3;
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = "category") TokenOrListParam category,
            @OptionalParam(name = "code") TokenOrListParam code,
            @IncludeParam(allow = {"Observation:related-target"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        return r4(stu3.search(patient, Zib2020Codes.asZib2017(category), code, includes, revIncludes, request));
    }

    @Operation(name = "$lastn", idempotent = true, bundleType = BundleTypeEnum.SEARCHSET)
    public IBundleProvider lastN(
            @OperationParam(name = "patient.identifier", min = 0, max = 1) TokenParam patient,
            @OperationParam(name = "code", min = 1, max = 1) TokenOrListParam code,
            @OperationParam(name = "max", min = 0, max = 1) IntegerType max,
            RequestDetails request) {
        org.hl7.fhir.dstu3.model.IntegerType stu3Max = max == null ? null
                : new org.hl7.fhir.dstu3.model.IntegerType(max.getValue());
        return r4(stu3.lastN(patient, code, stu3Max, request));
    }
}

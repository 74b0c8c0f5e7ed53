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
import nl.zorgbrug.bgz.stu3.ProcedureProvider;
import org.hl7.fhir.r4.model.Procedure;

/** Procedure (zib Verrichting) by category, with what it was based on (a ServiceRequest on R4). On R4: the STU3 search, converted to zib2020. */
final class ProcedureR4Provider extends R4Provider<Procedure> {
    private final ProcedureProvider stu3;

    ProcedureR4Provider(ProcedureProvider stu3, Zib2020 mapping) {
        super(Procedure.class, mapping);
        this.stu3 = stu3;
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = "category") TokenOrListParam category,
            @IncludeParam(allow = {"Procedure:based-on"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        return r4(stu3.search(patient, category, includes, revIncludes, request));
    }
}

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
import nl.zorgbrug.bgz.stu3.ImmunizationProvider;
import org.hl7.fhir.r4.model.Immunization;

/** Vaccination (zib Vaccinatie) by status. On R4: the STU3 search, converted to zib2020. */
final class ImmunizationR4Provider extends R4Provider<Immunization> {
    private final ImmunizationProvider stu3;

    ImmunizationR4Provider(ImmunizationProvider stu3, Zib2020 mapping) {
        super(Immunization.class, mapping);
        this.stu3 = stu3;
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @OptionalParam(name = "status") TokenOrListParam status,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        return r4(stu3.search(patient, status, revIncludes, request));
    }
}

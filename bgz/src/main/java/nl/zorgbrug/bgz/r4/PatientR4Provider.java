package nl.zorgbrug.bgz.r4;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import nl.zorgbrug.bgz.stu3.PatientProvider;
import org.hl7.fhir.r4.model.Patient;

/** Patient (zib Patient) by BSN identifier, with the general practitioner. On R4: the STU3 search, converted to zib2020. */
final class PatientR4Provider extends R4Provider<Patient> {
    private final PatientProvider stu3;

    PatientR4Provider(PatientProvider stu3, Zib2020 mapping) {
        super(Patient.class, mapping);
        this.stu3 = stu3;
    }

    @Search
    public IBundleProvider search(
            @RequiredParam(name = "identifier") TokenParam identifier,
            @IncludeParam(allow = {"Patient:general-practitioner"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        return r4(stu3.search(identifier, includes, revIncludes, request));
    }
}

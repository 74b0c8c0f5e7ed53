package nl.zorgbrug.bgz.r4;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import nl.zorgbrug.bgz.stu3.EncounterProvider;
import org.hl7.fhir.r4.model.Encounter;

/** Encounter (zib Contact). On R4: the STU3 search, converted to zib2020. */
final class EncounterR4Provider extends R4Provider<Encounter> {
    private final EncounterProvider stu3;

    EncounterR4Provider(EncounterProvider stu3, Zib2020 mapping) {
        super(Encounter.class, mapping);
        this.stu3 = stu3;
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        return r4(stu3.search(patient, revIncludes, request));
    }
}

package nl.zorgbrug.bgz.r4;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import nl.zorgbrug.bgz.stu3.DeviceUseStatementProvider;
import org.hl7.fhir.r4.model.DeviceUseStatement;

/** Medical device (zib MedischHulpmiddel), with the device. On R4: the STU3 search, converted to zib2020. */
final class DeviceUseStatementR4Provider extends R4Provider<DeviceUseStatement> {
    private final DeviceUseStatementProvider stu3;

    DeviceUseStatementR4Provider(DeviceUseStatementProvider stu3, Zib2020 mapping) {
        super(DeviceUseStatement.class, mapping);
        this.stu3 = stu3;
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @IncludeParam(allow = {"DeviceUseStatement:device"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        return r4(stu3.search(patient, includes, revIncludes, request));
    }
}

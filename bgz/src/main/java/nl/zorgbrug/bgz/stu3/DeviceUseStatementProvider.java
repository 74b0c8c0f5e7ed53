package nl.zorgbrug.bgz.stu3;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import org.hl7.fhir.dstu3.model.DeviceUseStatement;

/** Medical device (zib MedischHulpmiddel): DeviceUseStatement, with the device. */
public final class DeviceUseStatementProvider extends BgzProvider<DeviceUseStatement> {

    DeviceUseStatementProvider(Serving serving, Feed feed) {
        super(DeviceUseStatement.class, serving, feed);
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "patient", chainWhitelist = {"identifier"}) ReferenceParam patient,
            @IncludeParam(allow = {"DeviceUseStatement:device"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        Serving.Scope scope = serving.scope(request, patient);
        return serving.answer(request, scope, serving.matches(scope, "DeviceUseStatement", r -> {
            DeviceUseStatement x = (DeviceUseStatement) r;
            return true;
        }), includes, revIncludes);
    }
}

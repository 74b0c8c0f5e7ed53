package nl.zorgbrug.bgz.stu3;

import java.util.Set;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import nl.zorgbrug.bgz.store.ResourceStore;
import org.hl7.fhir.dstu3.model.IdType;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.hl7.fhir.dstu3.model.Patient;

/**
 * Patient (zib Patient): by BSN identifier, with the general practitioner. Also the feed's {@code $purge} of one
 * patient's record (the Interoplab operation the TestScripts' _LoadResources start with), for the EPD's token only.
 */
public final class PatientProvider extends BgzProvider<Patient> {
    private final ResourceStore store;

    PatientProvider(Serving serving, Feed feed, ResourceStore store) {
        super(Patient.class, serving, feed);
        this.store = store;
    }

    @Search
    public IBundleProvider search(
            @OptionalParam(name = "identifier") TokenParam identifier,
            @IncludeParam(allow = {"Patient:general-practitioner"}) Set<Include> includes,
            @IncludeParam(reverse = true, allow = {"Provenance:target"}) Set<Include> revIncludes,
            RequestDetails request) {
        Serving.Scope scope = serving.scope(request, identifier);
        return serving.answer(request, scope, serving.matches(scope, "Patient", r -> true), includes, revIncludes);
    }

    @Operation(name = "$purge", idempotent = false)
    public OperationOutcome purge(@IdParam IdType id, RequestDetails request) {
        Caller.feeder(request);
        int removed = store.purgePatient(id.getIdPart());
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics("Patient/" + id.getIdPart() + " and " + Math.max(0, removed - 1)
                        + " resources of its record removed from the BgZ store");
        return outcome;
    }
}

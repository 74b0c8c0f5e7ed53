package nl.zorgbrug.bgz.stu3;

import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.access.TokenLookup;

/**
 * Every request but the CapabilityStatement needs a bearer token from the table (issue 19: "Access only with a
 * bearer token bound to one patient and one requesting organisation"); without one: 401 with an OperationOutcome,
 * before any provider runs. Which patient the token may read is checked by the providers.
 */
@Interceptor
public final class AccessInterceptor {
    private final TokenLookup tokens;

    public AccessInterceptor(TokenLookup tokens) {
        this.tokens = tokens;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void authenticate(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation == RestOperationTypeEnum.METADATA) {
            return;
        }
        AccessToken token = tokens.fromAuthorization(request.getHeader("Authorization")).orElseThrow(() ->
                new AuthenticationException("no valid bearer token: send Authorization: Bearer <token> with a "
                        + "token issued for this patient and your organisation"));
        Caller.set(request, token);
        String type = zib2017Type(request);
        if (type != null && operation != RestOperationTypeEnum.CREATE && !token.reads(type)) {
            throw new ForbiddenOperationException("this token was issued with a Notified Pull Task for the queries "
                    + "it named, which read no " + request.getResourceName());
        }
    }

    /**
     * The type a request reads, as a Notified Pull Task names it: the Task is STU3 (BgZ MSZ 2.0), so a token issued
     * with it lists STU3 types, and the same token reads the same data on the R4 endpoint. Of the BgZ's types only
     * ProcedureRequest was renamed, to ServiceRequest, in FHIR R4 (zib2017 → zib2020: PlannedCareActivity).
     */
    static String zib2017Type(RequestDetails request) {
        String type = request.getResourceName();
        if ("ServiceRequest".equals(type) && request.getFhirContext().getVersion().getVersion() == FhirVersionEnum.R4) {
            return "ProcedureRequest";
        }
        return type;
    }
}

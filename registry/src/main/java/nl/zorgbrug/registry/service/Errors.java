package nl.zorgbrug.registry.service;

import java.util.ArrayList;
import java.util.List;

import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * The errors of one request, each with its ITI TF-3 Table 4.2.4.1-2 code, a text saying what is wrong and what to
 * do, and the location (the object's uniqueId or the query parameter). Any error makes the request a Failure.
 */
final class Errors {
    private final List<ErrorInfo> errors = new ArrayList<>();

    void add(ErrorCode code, String context, String location) {
        errors.add(new ErrorInfo(code, context, Severity.ERROR, location, null));
    }

    boolean any() {
        return !errors.isEmpty();
    }

    List<ErrorInfo> list() {
        return List.copyOf(errors);
    }

    Response response() {
        Response response = new Response(Status.FAILURE);
        response.setErrors(new ArrayList<>(errors));
        return response;
    }

    QueryResponse queryResponse() {
        QueryResponse response = new QueryResponse(Status.FAILURE);
        response.setErrors(new ArrayList<>(errors));
        return response;
    }
}

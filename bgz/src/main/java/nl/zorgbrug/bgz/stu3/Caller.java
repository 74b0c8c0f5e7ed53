package nl.zorgbrug.bgz.stu3;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import nl.zorgbrug.bgz.access.AccessToken;

/** The token a request came with, as the {@link AccessInterceptor} found it; kept in the request's user data. */
final class Caller {
    private static final String KEY = Caller.class.getName();

    private Caller() {
    }

    static void set(RequestDetails request, AccessToken token) {
        request.getUserData().put(KEY, token);
    }

    static AccessToken of(RequestDetails request) {
        Object t = request.getUserData().get(KEY);
        if (t instanceof AccessToken token) {
            return token;
        }
        throw new AuthenticationException("no valid bearer token: send Authorization: Bearer <token> with a token "
                + "issued for this patient and your organisation");
    }

    static AccessToken reader(RequestDetails request) {
        AccessToken t = of(request);
        if (t.requestsTokens()) {
            throw new ForbiddenOperationException("this is an organisation credential for the token endpoint: it "
                    + "reads nothing itself; ask POST [base]/token for a token for one patient and search with that");
        }
        if (!t.mayRead()) {
            throw new ForbiddenOperationException("this token may feed the BgZ store but not read it: ask with a "
                    + "token issued for one patient");
        }
        return t;
    }

    static AccessToken feeder(RequestDetails request) {
        AccessToken t = of(request);
        if (!t.feed()) {
            throw new ForbiddenOperationException("this token may read one patient's BgZ but not change the store: "
                    + "the EPD feeds it with its own token");
        }
        return t;
    }
}

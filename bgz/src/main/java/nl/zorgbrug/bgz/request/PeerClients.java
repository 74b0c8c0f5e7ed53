package nl.zorgbrug.bgz.request;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RequestFormatParamStyleEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;

/**
 * HAPI FHIR's generic clients for other institutions' BgZ endpoints (FHIR STU3), from a {@link FhirContext} of their
 * own whose restful client factory is set up as below. Its own context, because HAPI's requests take their HTTP client
 * from the context's factory, not from the factory a client was made by; the shared context (the serving side's, and
 * the tests') keeps its factory as it is.
 * <ul>
 *   <li>{@code zorgbrug.bgz.request-timeout} as the connect timeout, the wait for a pooled connection and the socket
 *       (read) timeout: a peer that does not answer one query fails that query, not the request;</li>
 *   <li>server validation {@code NEVER}: no {@code /metadata} is read first, so a peer without a CapabilityStatement,
 *       or whose CapabilityStatement our token may not read, is still asked;</li>
 *   <li>no redirects followed: the bearer token is the patient's at that institution and never goes to another host
 *       (a 3xx is a refusal, as before);</li>
 *   <li>no {@code _format} parameter: the Accept header asks for JSON (FHIR STU3, http.html "Content Types and
 *       encodings"), and the query goes out as the set writes it.</li>
 * </ul>
 */
public final class PeerClients {
    private final ApacheRestfulClientFactory factory;

    private final Duration timeout;

    /** @param stu3 gives the FHIR version only: the clients get a context of their own */
    public PeerClients(FhirContext stu3, Duration timeout) {
        this.timeout = timeout;
        FhirContext own = new FhirContext(stu3.getVersion().getVersion());
        factory = new NoRedirects(own);
        own.setRestfulClientFactory(factory);
        int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        factory.setConnectTimeout(ms);
        factory.setConnectionRequestTimeout(ms);
        factory.setSocketTimeout(ms);
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    /**
     * A client for one peer's base that sends {@code token} as its bearer token and hands every answer to
     * {@code answers} before HAPI reads it. Not shared between threads: one per request.
     */
    public IGenericClient open(String base, String token, AnswerCapture answers) {
        IGenericClient client = factory.newGenericClient(base);
        client.setFormatParamStyle(RequestFormatParamStyleEnum.NONE);
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        client.registerInterceptor(answers);
        return client;
    }

    /**
     * Why no answer came, in a sentence without the URL (HAPI's own message names it, and a query's URL holds the
     * BSN): a timeout (connecting, waiting for a connection or reading) or the network's reason.
     */
    public String noAnswer(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return "interrupted before the answer came";
        }
        Throwable cause = e;
        IOException io = null;
        while (cause != null) {
            if (cause instanceof InterruptedIOException) {
                return "no answer within " + timeout.toSeconds() + " s";
            }
            if (cause instanceof IOException found) {
                io = found;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return "no answer: " + (io == null ? "the connection failed" : io.getMessage());
    }

    /** HAPI's Apache client as HAPI builds it (pool, timeouts, system proxy and trust settings), redirects off. */
    private static final class NoRedirects extends ApacheRestfulClientFactory {
        NoRedirects(FhirContext context) {
            super(context);
        }

        @Override
        protected HttpClientBuilder getHttpClientBuilder() {
            return HttpClients.custom().disableRedirectHandling();
        }
    }
}

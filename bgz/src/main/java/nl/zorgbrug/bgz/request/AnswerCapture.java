package nl.zorgbrug.bgz.request;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.client.api.IHttpResponse;

/**
 * Keeps the last answer of a peer as it came, for one client of {@link PeerClients}: its HTTP status, its media type
 * and its body exactly as sent (a received BgZ stores each answer as the peer sent it, not as HAPI would write it
 * again). The body is buffered before HAPI reads it, so HAPI parses the same bytes. Public only because HAPI's
 * interceptor service calls the hook by reflection and the referral's sender reads it too; one per request, never
 * shared between threads.
 */
@Interceptor
public final class AnswerCapture {
    private int status;
    private String mediaType;
    private byte[] body;
    private IOException unread;

    /** Before each query: nothing came yet. */
    public void reset() {
        status = 0;
        mediaType = null;
        body = null;
        unread = null;
    }

    /** HAPI's client hook, called with each answer before HAPI reads its body. */
    @Hook(Pointcut.CLIENT_RESPONSE)
    public void answered(IHttpResponse response) {
        status = response.getStatus();
        try {
            mediaType = response.getMimeType();
        } catch (RuntimeException unreadableContentType) {
            mediaType = null;
        }
        try {
            response.bufferEntity();
            try (InputStream in = response.readEntity()) {
                body = in == null ? new byte[0] : in.readAllBytes();
            }
        } catch (IOException e) {
            unread = e;
        }
    }

    /** Whether the answer came whole: a status and the body read to its end. */
    public boolean came() {
        return status > 0 && unread == null && body != null;
    }

    /** Why the body could not be read to its end (a timeout, a connection reset); null when it was. */
    public IOException unread() {
        return unread;
    }

    public int status() {
        return status;
    }

    /** The media type the peer gave, such as application/fhir+json; null when it gave none. */
    public String mediaType() {
        return mediaType;
    }

    /** The body as the peer sent it, read as UTF-8 (FHIR STU3, http.html "Content Types and encodings": UTF-8). */
    public String body() {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }
}

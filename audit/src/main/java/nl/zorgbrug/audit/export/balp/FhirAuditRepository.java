package nl.zorgbrug.audit.export.balp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import ca.uhn.fhir.context.FhirContext;

import nl.zorgbrug.audit.export.AuditRepository;
import nl.zorgbrug.audit.export.ExportException;
import nl.zorgbrug.audit.trail.AuditRecord;

/**
 * The hospital's audit record repository over FHIR (IHE RESTful ATNA, ITI-20 "Record Audit Event" with the FHIR
 * Feed option): each record POSTed as a BALP AuditEvent ({@link BalpAuditEvents}) to {@code <base>/AuditEvent}.
 * A 2xx answer is the acknowledgement; anything else, or no answer within the time-out, leaves the record queued.
 */
public final class FhirAuditRepository implements AuditRepository {
    private static final FhirContext R4 = FhirContext.forR4Cached();

    private final URI endpoint;
    private final BalpAuditEvents events;
    private final HttpClient http;
    private final Duration timeout;

    /** @param tls for an https base: the node's key and the trusted CAs; null for the JDK's defaults */
    public FhirAuditRepository(URI base, SSLContext tls, Duration timeout, BalpAuditEvents events) {
        String b = Objects.requireNonNull(base, "base").toString();
        this.endpoint = URI.create((b.endsWith("/") ? b : b + "/") + "AuditEvent");
        this.events = Objects.requireNonNull(events, "events");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    @Override
    public String name() {
        return "fhir";
    }

    /** The JSON that goes out for a record. */
    public String json(AuditRecord record) {
        return R4.newJsonParser().encodeResourceToString(events.resource(record));
    }

    @Override
    public void send(AuditRecord record) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/fhir+json; charset=UTF-8")
                .header("Accept", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json(record))).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ExportException("FHIR AuditEvent to " + endpoint + " for record " + record.seq()
                    + " got no answer: " + e + "; check that the FHIR audit repository runs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportException("FHIR AuditEvent to " + endpoint + " interrupted (node stopping)", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ExportException("FHIR AuditEvent to " + endpoint + " for record " + record.seq()
                    + " refused with HTTP " + response.statusCode()
                    + "; check the repository's log (its OperationOutcome names what it did not accept)");
        }
    }
}

package nl.zorgbrug.audit.consent.mitz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Mitz's closed question on loopback, shaped as Mitz answers: an XACML 3.0 Response in a SOAP
 * 1.2 envelope, one Result per category asked (echoing the category), with the decision the test sets; or a SOAP
 * fault, a 503, or silence until the client gives up.
 */
public final class MitzFake implements AutoCloseable {

    public enum Mode { PERMIT, DENY, NOT_APPLICABLE, INDETERMINATE, SOAP_FAULT, UNAVAILABLE, SILENT }

    private static final Pattern CATEGORY = Pattern.compile(
            "AttributeId=\"urn:nl:zorgbrug:mitz:data-category\"[^>]*><x:AttributeValue[^>]*>([^<]*)<");

    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> requests = new ArrayList<>();
    private volatile Mode mode = Mode.PERMIT;

    public MitzFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mitz", this::answer);
        server.createContext("/fhir/Subscription", this::subscribe);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mitz");
    }

    public void answer(Mode m) {
        mode = m;
    }

    private final List<nl.zorgbrug.audit.event.Ura> holders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String callback;

    /** The holders the open question names in PERMIT mode (DENY and NOT_APPLICABLE: none, NF). */
    public void holders(nl.zorgbrug.audit.event.Ura... uras) {
        holders.clear();
        holders.addAll(List.of(uras));
    }

    public URI fhirBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir");
    }

    /** As Mitz's rest-hook: posts a notification with one changed Consent to the subscribed endpoint. */
    public int notifyConsentChange(String consentId, nl.zorgbrug.bsn.Bsn patient, String status) throws Exception {
        return notifyConsentChange(consentId, patient, status, null);
    }

    /** As {@link #notifyConsentChange(String, nl.zorgbrug.bsn.Bsn, String)}, over TLS with this context. */
    public int notifyConsentChange(String consentId, nl.zorgbrug.bsn.Bsn patient, String status,
                                   javax.net.ssl.SSLContext tls) throws Exception {
        return notifyRaw("{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Consent\",\"id\":\"" + consentId + "\",\"status\":\"" + status + "\","
                + "\"patient\":{\"identifier\":{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\",\"value\":\""
                + patient.value() + "\"}}}}]}", tls);
    }

    /** Posts any body to the subscribed endpoint; returns the HTTP status. */
    public int notifyRaw(String body) throws Exception {
        return notifyRaw(body, null);
    }

    /**
     * Posts any body to the subscribed endpoint over TLS with this context (Mitz's client certificate, or another
     * to be refused; null: the JVM's default); returns the HTTP status.
     */
    public int notifyRaw(String body, javax.net.ssl.SSLContext tls) throws Exception {
        if (callback == null) {
            throw new IllegalStateException("no subscription yet");
        }
        java.net.http.HttpClient.Builder client = java.net.http.HttpClient.newBuilder();
        if (tls != null) {
            client.sslContext(tls);
        }
        return client.build().send(java.net.http.HttpRequest.newBuilder(URI.create(callback))
                .header("Content-Type", "application/fhir+json").POST(java.net.http.HttpRequest.BodyPublishers
                        .ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void subscribe(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        synchronized (this) {
            requests.add(body);
        }
        if (mode == Mode.UNAVAILABLE) {
            send(exchange, 503, "{}", "application/fhir+json");
            return;
        }
        Matcher endpoint = Pattern.compile("\"endpoint\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        callback = endpoint.find() ? endpoint.group(1) : null;
        send(exchange, 201, body.replaceFirst("\"status\"\\s*:\\s*\"requested\"", "\"id\":\"sub-1\",\"status\":\"active\""),
                "application/fhir+json");
    }

    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        synchronized (this) {
            requests.add(body);
        }
        Mode m = mode;
        if (m == Mode.SILENT) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if (m == Mode.UNAVAILABLE) {
            send(exchange, 503, "<html>Service Unavailable</html>", "text/html");
            return;
        }
        if (m == Mode.SOAP_FAULT) {
            send(exchange, 500, "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"" + SoapMitzClient.SOAP + "\"><s:Body>"
                    + "<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang=\"en\">"
                    + "internal error</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>", "application/soap+xml");
            return;
        }
        if (body.contains("PRPA_IN201305UV02")) {
            StringBuilder subjects = new StringBuilder();
            if (m == Mode.PERMIT) {
                for (nl.zorgbrug.audit.event.Ura ura : holders) {
                    subjects.append("<v3:subject typeCode=\"SUBJ\"><v3:registrationEvent><v3:custodian>")
                            .append("<v3:assignedEntity><v3:id root=\"").append(SoapMitzClient.URA_OID)
                            .append("\" extension=\"").append(ura.value()).append("\"/><v3:code code=\"V4\"/>")
                            .append("</v3:assignedEntity></v3:custodian></v3:registrationEvent></v3:subject>");
                }
            }
            String ack = m == Mode.INDETERMINATE ? "AE" : "AA";
            String code = m == Mode.INDETERMINATE ? "AE" : m == Mode.PERMIT && !holders.isEmpty() ? "OK" : "NF";
            send(exchange, 200, "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"" + SoapMitzClient.SOAP + "\"><s:Body>"
                    + "<v3:PRPA_IN201306UV02 xmlns:v3=\"" + SoapMitzClient.HL7 + "\"><v3:acknowledgement typeCode=\""
                    + ack + "\"/><v3:controlActProcess>" + subjects + "<v3:queryAck><v3:queryResponseCode code=\""
                    + code + "\"/></v3:queryAck></v3:controlActProcess></v3:PRPA_IN201306UV02></s:Body></s:Envelope>",
                    "application/soap+xml");
            return;
        }
        String decision = switch (m) {
            case PERMIT -> "Permit";
            case DENY -> "Deny";
            case NOT_APPLICABLE -> "NotApplicable";
            default -> "Indeterminate";
        };
        StringBuilder results = new StringBuilder();
        Matcher matcher = CATEGORY.matcher(body);
        while (matcher.find()) {
            results.append("<x:Result><x:Decision>").append(decision).append("</x:Decision>")
                    .append("<x:Attributes Category=\"").append(SoapMitzClient.ACTION).append("\"><x:Attribute")
                    .append(" AttributeId=\"urn:nl:zorgbrug:mitz:data-category\" IncludeInResult=\"true\">")
                    .append("<x:AttributeValue DataType=\"http://www.w3.org/2001/XMLSchema#string\">")
                    .append(matcher.group(1)).append("</x:AttributeValue></x:Attribute></x:Attributes></x:Result>");
        }
        send(exchange, 200, "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"" + SoapMitzClient.SOAP + "\"><s:Body>"
                + "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><x:Response xmlns:x=\""
                + SoapMitzClient.XACML + "\">" + results + "</x:Response></samlp:Response></s:Body></s:Envelope>",
                "application/soap+xml");
    }

    private static void send(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}

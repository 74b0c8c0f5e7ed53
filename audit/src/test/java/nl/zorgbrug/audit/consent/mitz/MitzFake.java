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
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mitz");
    }

    public void answer(Mode m) {
        mode = m;
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

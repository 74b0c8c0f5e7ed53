package nl.zorgbrug.audit.export.balp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.export.AuditExporter;
import nl.zorgbrug.audit.export.Backoff;
import nl.zorgbrug.audit.export.InMemoryExportCursor;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.bsn.Bsn;

/**
 * The FHIR export against a loopback HTTP receiver that plays a FHIR audit repository: each record arrives as a
 * POST of an R4 AuditEvent HAPI parses, with its BALP profile, in the trail's order; while the receiver answers
 * 503 the records wait and none is skipped.
 */
class FhirAuditExportTest {
    private static final FhirContext R4 = FhirContext.forR4Cached();

    private final List<AuditEvent> received = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type"));
            received.add(R4.newJsonParser().parseResource(AuditEvent.class, body));
            exchange.sendResponseHeaders(201, -1);
        } finally {
            exchange.close();
        }
    }

    @Test
    void auditEventsArriveInOrderAlsoAfterTheRepositoryRefusedThem() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fhir", this::handle);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir");

        InMemoryAuditStore store = new InMemoryAuditStore();
        AuditTrail trail = new AuditTrail(store, NodeKey.generate(), Clock.systemUTC());
        InMemoryExportCursor cursor = new InMemoryExportCursor(0);
        AuditExporter exporter = new AuditExporter(store, trail::count, cursor,
                new FhirAuditRepository(base, null, Duration.ofSeconds(5), new BalpAuditEvents("zorgbrug-test",
                        TestEvents.OWN)), new Backoff(Duration.ofMillis(1), 1, Duration.ofMillis(1)),
                Clock.systemUTC(), 8);

        Bsn bsn = TestEvents.bsn(new Random(21));
        trail.record(TestEvents.full(bsn, Instant.now(), "ontvangen"));
        trail.recordAll(IntStream.rangeClosed(2, 10).mapToObj(n -> TestEvents.numbered(n, Instant.now())).toList());
        assertThat(exporter.exportDue()).isEqualTo(10);
        assertThat(paths).allMatch(p -> p.startsWith("POST /fhir/AuditEvent application/fhir+json"));
        assertThat(received.get(0).getMeta().getProfile().get(0).getValue()).endsWith("IHE.BasicAudit.PatientCreate");
        assertThat(received.get(0).getEntity()).anySatisfy(e ->
                assertThat(e.getWhat().getIdentifier().getValue()).isEqualTo(bsn.value()));

        down = true;
        trail.recordAll(IntStream.rangeClosed(11, 20).mapToObj(n -> TestEvents.numbered(n, Instant.now())).toList());
        assertThat(exporter.exportDue()).isZero();
        Thread.sleep(5);
        assertThat(exporter.exportDue()).isZero();
        assertThat(exporter.status().lastFailure()).contains("HTTP 503");
        assertThat(exporter.backlog()).isEqualTo(10);

        down = false;
        Thread.sleep(5);
        assertThat(exporter.exportDue()).isEqualTo(10);
        assertThat(received).extracting(FhirAuditExportTest::seq)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
    }

    /** The trail seq the AuditEvent carries in its own-record entity. */
    private static int seq(AuditEvent e) {
        return e.getEntity().stream().filter(en -> "13".equals(en.getRole().getCode())).findFirst().orElseThrow()
                .getDetail().stream().filter(d -> d.getType().equals("trail-seq")).findFirst().orElseThrow()
                .getValueStringType().getValue().transform(Integer::valueOf);
    }
}

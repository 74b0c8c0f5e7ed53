package nl.zorgbrug.app.registry;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Scope;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.tls.TestPki;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobRepository;

/**
 * What the registry's node tests (RegistryNodeTest, ImagingSourceNodeTest, ImageTimelineNodeTest) set up alike: a
 * directory with a test PKI whose CA signed the node's HTTPS certificate (subjectAltName IP:127.0.0.1), the node's
 * settings they share, IPF's own producers in a Camel context of their own as the independent source and consumer,
 * HTTPS calls that trust the test CA, and the waits for a job, an import and B's PACS. Each test class makes its own
 * (its own directory, database and peers) and keeps its own settings and assertions.
 */
final class RegistryNodeFixture {
    /** The independent source's user at the registry (ITI-42). */
    static final String SOURCE = "ris-source-a";
    static final String SOURCE_PASSWORD = "source-test";
    /** The consumer's organisation, as zorgbrug.registry.requesters names it for the consumer's user. */
    static final String CONSUMER_URA = "00002222";
    static final String CLINICIAN = "radioloog";
    static final String CLINICIAN_PASSWORD = "radioloog-test";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The name of the clients' trust store in their Camel registry, as the endpoint URIs refer to it. */
    private static final String CLIENT_TLS = "regionTls";
    private static final String TRUST_STORE_PASSWORD = "changeit";

    final Path dir;
    final TestPki pki;
    private final String name;
    private Path trustStore;
    private CamelContext clients;
    private ProducerTemplate ipf;

    private RegistryNodeFixture(String name, Path dir, TestPki pki) {
        this.name = name;
        this.dir = dir;
        this.pki = pki;
    }

    /**
     * Made when the test class is loaded: JUnit runs @BeforeAll before Spring reads the properties, and both need the
     * PKI. {@code name} tells the test's directory and consent records apart from another test class's.
     */
    static RegistryNodeFixture create(String name) {
        try {
            Path dir = Files.createTempDirectory("zorgbrug-" + name);
            return new RegistryNodeFixture(name, dir, new TestPki(dir.resolve("pki")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test PKI with openssl (run .ci/run): " + e.getMessage(),
                    e);
        }
    }

    /**
     * The node as a registry runs (docs/availability.md): HTTPS on its web port with Spring Boot's server.ssl, its own
     * data directory and in-memory database, any free DICOM port, the registry on.
     */
    void node(DynamicPropertyRegistry r, String database) {
        r.add("server.ssl.key-store", () -> pki.p12("server").toString());
        r.add("server.ssl.key-store-password", () -> TRUST_STORE_PASSWORD);
        r.add("server.ssl.key-store-type", () -> "PKCS12");
        r.add("zorgbrug.data-dir", () -> dir.resolve("data").toString());
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:" + database + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("zorgbrug.spool-min-free", () -> "1MB");
        r.add("zorgbrug.registry.enabled", () -> "true");
    }

    /**
     * The registry's machine users: the independent source, and the consumer's user, which asks on behalf of
     * {@link #CONSUMER_URA} (a V4, a hospital).
     */
    void registryUsers(DynamicPropertyRegistry r, String consumer, String consumerPassword) {
        r.add("zorgbrug.users[0].name", () -> SOURCE);
        r.add("zorgbrug.users[0].password", () -> "{noop}" + SOURCE_PASSWORD);
        r.add("zorgbrug.users[0].roles", () -> "SENDER");
        r.add("zorgbrug.users[1].name", () -> consumer);
        r.add("zorgbrug.users[1].password", () -> "{noop}" + consumerPassword);
        r.add("zorgbrug.users[1].roles", () -> "SENDER");
        r.add("zorgbrug.registry.requesters[0].user", () -> consumer);
        r.add("zorgbrug.registry.requesters[0].ura", () -> CONSUMER_URA);
        r.add("zorgbrug.registry.requesters[0].institution-type", () -> "V4");
    }

    /**
     * This node's source role (part 2) as hospital {@code institution} ({@code institutionOid}), registering the KOS
     * its repository {@code repository} keeps at the registry at {@code url} (read when the node starts, as a port
     * chosen late may be part of it).
     */
    void source(DynamicPropertyRegistry r, Supplier<Object> url, String institution, String institutionOid,
                String repository) {
        r.add("zorgbrug.registry.source.enabled", () -> "true");
        r.add("zorgbrug.registry.source.url", url);
        r.add("zorgbrug.registry.source.source-id", () -> "2.16.528.1.1007.99.5");
        r.add("zorgbrug.registry.source.repository-unique-id", () -> repository);
        r.add("zorgbrug.registry.source.institution", () -> institution);
        r.add("zorgbrug.registry.source.institution-oid", () -> institutionOid);
    }

    /**
     * The registration route: what the own PACS sends to ZB_REGISTER under {@code localIssuer}'s patient numbers is
     * registered once the study has been quiet for a second.
     */
    void registrationRoute(DynamicPropertyRegistry r, String localIssuer) {
        r.add("zorgbrug.gateway.local-issuer", () -> localIssuer);
        r.add("zorgbrug.gateway.quiet-time", () -> "1s");
        r.add("zorgbrug.gateway.routes[0].name", () -> "register");
        r.add("zorgbrug.gateway.routes[0].called-ae-title", () -> "ZB_REGISTER");
        r.add("zorgbrug.gateway.routes[0].direction", () -> "EXPORT");
        r.add("zorgbrug.gateway.routes[0].destination", () -> "registry");
    }

    /** The clinician who asks the timeline and imports from it. */
    void clinician(DynamicPropertyRegistry r) {
        r.add("zorgbrug.users[2].name", () -> CLINICIAN);
        r.add("zorgbrug.users[2].password", () -> "{noop}" + CLINICIAN_PASSWORD);
        r.add("zorgbrug.users[2].roles", () -> "CLINICIAN");
    }

    /** Retries a second or two apart, so that a failed job tries again within a test's wait. */
    void quickRetries(DynamicPropertyRegistry r) {
        r.add("zorgbrug.retry.initial", () -> "1s");
        r.add("zorgbrug.retry.factor", () -> "1.0");
        r.add("zorgbrug.retry.max", () -> "2s");
    }

    /** The test CA as a PKCS#12 trust store, written when first asked for (the node's properties may ask first). */
    synchronized Path trustStore() {
        if (trustStore == null) {
            try {
                Path store = dir.resolve("trust.p12");
                try (OutputStream out = Files.newOutputStream(store)) {
                    pki.trust("ca").store(out, TestPki.PASSWORD);
                }
                trustStore = store;
            } catch (Exception e) {
                throw new IllegalStateException("cannot write the test trust store: " + e.getMessage(), e);
            }
        }
        return trustStore;
    }

    /** IPF's own producers in a Camel context of their own, trusting the test CA: the node's independent clients. */
    void startClients() {
        clients = new DefaultCamelContext();
        IpfEndpoint.bindTrustStore(clients, CLIENT_TLS, trustStore(), TRUST_STORE_PASSWORD);
        clients.start();
        ipf = clients.createProducerTemplate();
    }

    void stopClients() {
        if (clients != null) {
            clients.stop();
        }
    }

    /**
     * Sends {@code body} with IPF's producer of {@code transaction} (its own component and CXF client) to the node's
     * endpoint by its https URL, as {@code user} with HTTP Basic, and gives the answer as {@code answer}.
     */
    <T> T ipf(String transaction, int port, String user, String password, Object body, Class<T> answer) {
        return ipf.requestBody(transaction + "://127.0.0.1:" + port + "/services/" + transaction
                + "?audit=false&secure=true&sslContextParameters=#" + CLIENT_TLS + "&username=" + user
                + "&password=RAW(" + password + ")", body, answer);
    }

    /** TLS that trusts the test CA, as the node's HTTPS clients and the test network towards the node use it. */
    SSLContext tls() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(pki.trust("ca"));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A request to the node's HTTPS port as {@code user}, logged in as the node's machine clients are: HTTP Basic. */
    HttpRequest.Builder request(int port, String path, String user, String password) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) throws Exception {
        return HttpClient.newBuilder().sslContext(tls()).build().send(request.build(), body);
    }

    /** A JSON POST to the node's REST API as the clinician. */
    HttpResponse<String> postAsClinician(int port, String path, String json) throws Exception {
        return send(request(port, path, CLINICIAN, CLINICIAN_PASSWORD).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The import job {@code id} once it is no longer WAITING (or after a minute), as the clinician's API shows it. */
    JsonNode awaitImport(int port, long id) throws Exception {
        JsonNode state = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            state = JSON.readTree(send(request(port, "/api/images/imports/" + id, CLINICIAN, CLINICIAN_PASSWORD).GET(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body());
            if (!state.get("state").asText().equals("WAITING")) {
                break;
            }
            Thread.sleep(200);
        }
        return state;
    }

    /** Hospital B's PACS as installed: DIMSE only for the AE titles it lists, B's node (ZORGBRUG_B) one of them. */
    OrthancPeer startPacsB() throws Exception {
        return OrthancPeer.start(Files.createDirectories(dir.resolve("orthanc-b")),
                Map.of("zorgbrug", new OrthancPeer.Modality("ZORGBRUG_B", 11112)), OrthancPeer.Access.AS_INSTALLED);
    }

    /** The study's instances in {@code pacs} (Orthanc's /tools/find) once it holds {@code count}, or after a minute. */
    static JsonNode awaitInstances(OrthancPeer pacs, String study, int count) throws Exception {
        JsonNode found = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            found = JSON.readTree(pacs.post("/tools/find", "{\"Level\": \"Instance\", \"Expand\": true,"
                    + " \"Query\": {\"StudyInstanceUID\": \"" + study + "\"}}").body());
            if (found.size() == count) {
                break;
            }
            Thread.sleep(250);
        }
        return found;
    }

    /** The study's registration job (channel REGISTRY) once {@code until} holds; failing after a minute. */
    static Job awaitRegistration(JobRepository jobs, String study, Predicate<Job> until, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        List<Job> found = List.of();
        while (System.currentTimeMillis() < deadline) {
            found = jobs.search(new JobQuery(null, null, null, null, "registry", null, study, 5));
            if (!found.isEmpty() && until.test(found.get(0))) {
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no registration job " + what + " for study " + study + ": " + found);
    }

    /** The patient's categorical consent for image availability, to all caregivers, as recorded at the desk. */
    void consentToImageAvailability(ConsentService consent, Bsn bsn) {
        Instant now = Instant.now();
        consent.record(new ConsentRecord(name + "-" + bsn.value().substring(5) + "-" + now.toEpochMilli(), bsn,
                Purpose.IMAGE_AVAILABILITY, true, new Scope.AllCaregivers(), Set.of(), now.minusSeconds(60), null,
                new ConsentRecord.Recording(ConsentRecord.Method.WRITTEN, "desk", now.minusSeconds(60)), null),
                Actor.person("desk", "Desk", Role.PRIVACY_OFFICER, new Ura("00001234")));
    }

    /** The node's audit trail of this patient. */
    static List<AuditEvent> trail(DataSource dataSource, Bsn bsn) {
        return new JdbcAuditStore(dataSource).read(0, 100_000).stream().map(AuditRecord::event)
                .filter(e -> e.patient() != null && bsn.equals(e.patient().bsn())).toList();
    }

    /**
     * The patient's trail once it holds what {@code until} asks for (at most 10 s), for the records a streamed RAD-69
     * or WADO-RS answer writes when it ends: the source writes them after its last byte has left (docs/availability.md,
     * "Source side: the instances"), so a client that has read the whole answer may look before they are there.
     */
    static List<AuditEvent> awaitTrail(DataSource dataSource, Bsn bsn, java.util.function.Predicate<List<AuditEvent>> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        List<AuditEvent> trail = trail(dataSource, bsn);
        while (!until.test(trail) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            trail = trail(dataSource, bsn);
        }
        return trail;
    }
}

package nl.zorgbrug.bgz.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import nl.zorgbrug.bgz.queryset.BgzQuery;
import nl.zorgbrug.bgz.queryset.BgzQuerySet;
import nl.zorgbrug.audit.consent.ConsentRegister;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.InMemoryConsentStore;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bgz.access.TokenTable;
import nl.zorgbrug.bgz.receive.BgzInbox;
import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.ForeignPatientException;
import nl.zorgbrug.bgz.receive.InMemoryReceivedBgzStore;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.receive.ReceivedQuery;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;
import nl.zorgbrug.bgz.testscript.NictizSuite;
import nl.zorgbrug.bgz.testscript.QualificationSetup;
import nl.zorgbrug.bgz.testscript.QuerySet;
import nl.zorgbrug.bgz.testscript.SharedFixtures;
import nl.zorgbrug.bgz.testscript.Stu3Endpoint;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.PullPermission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 19, Raadplegend: our requester asks a serving endpoint (ours, loaded with the Nictiz fixtures) for patient
 * A's BgZ. The query set is the one of Nictiz's serving scripts; a verified BSN gets all 27 answers and one audit
 * event; an unchecked BSN sends nothing; a wrong token or a peer that is down gives a failure per query, never an
 * empty BgZ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BgzRequesterTest {
    static final Actor CLINICIAN = Actor.person("dr-test", "Dr. Test", Role.CLINICIAN, new Ura("90000123"));

    final List<AuditEvent> served = new CopyOnWriteArrayList<>();
    final List<AuditEvent> requested = new CopyOnWriteArrayList<>();
    Stu3Endpoint endpoint;
    BgzRequester requester;

    @BeforeAll
    void start() throws Exception {
        Clock clock = Clock.systemUTC();
        InMemoryConsentStore consents = new InMemoryConsentStore();
        QualificationSetup.consent(consents, Instant.now().minusSeconds(3600));
        ConsentService consent = new ConsentService(consents, new ConsentRegister(consents), served::addAll, clock);
        endpoint = new Stu3Endpoint(BgzStu3Server.create(new InMemoryResourceStore(),
                new TokenTable(QualificationSetup.tokens()), consent, served::addAll, clock),
                Files.createTempDirectory("bgz-request"));
        assertThat(NictizSuite.problems(NictizSuite.run(endpoint.base(), List.of()))).isEmpty();
        requester = new BgzRequester(FhirContext.forDstu3Cached(), HttpClient.newHttpClient(), Duration.ofSeconds(5),
                requested::addAll, clock);
    }

    @AfterAll
    void stop() throws Exception {
        endpoint.close();
    }

    @BeforeEach
    void clear() {
        served.clear();
        requested.clear();
    }

    @Test
    void theQuerySetIsTheOneOfNictizServingScripts() throws Exception {
        Path script = SharedFixtures.root().resolve(
                "bgz-fixtures/testscripts/stu3-bgz-msz-2.0/Cert/Serving-XIS/bgz-msz-xis-1-1-serve-bgz-json.xml");
        List<String> nictiz = QuerySet.of(script).stream().map(q -> q.resource() + q.params()
                .replace(QualificationSetup.bsn("A").value(), "{BSN}")).toList();
        List<String> ours = BgzQuerySet.all().stream().map(BgzQuery::label).toList();
        // Nictiz's $lastn query has no _revinclude; ours neither.
        assertThat(ours).hasSize(27).containsExactlyElementsOf(nictiz);
    }

    @Test
    void aVerifiedBsnGetsTheWholeBgzAndTheRequestIsAudited() {
        RequestOutcome r = requester.request(patientA(BsnStatus.VERIFIED), peer(endpoint.base()),
                QualificationSetup.token("A"), CLINICIAN);
        assertThat(r.failed()).isEmpty();
        assertThat(r.queries()).hasSize(27).allMatch(QueryOutcome::ok);
        assertThat(r.queries().get(0).resources()).contains("Patient/bgz-msz-patA");
        assertThat(r.resources()).isGreaterThan(50);
        assertThat(r.bundles()).hasSize(27);
        assertThat(served.stream().filter(e -> e.type() == EventType.QUERY)).hasSize(27);
        assertThat(requested).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.RETRIEVE);
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(e.detail()).contains("27 queries, 0 failed").doesNotContain(QualificationSetup.bsn("A").value());
        });
    }

    @Test
    void anUncheckedBsnSendsNothing() {
        assertThatThrownBy(() -> requester.request(patientA(BsnStatus.UNCHECKED), peer(endpoint.base()),
                QualificationSetup.token("A"), CLINICIAN))
                .isInstanceOf(PullRefusedException.class)
                .satisfies(e -> assertThat(((PullRefusedException) e).refusal())
                        .isEqualTo(PullPermission.Refusal.BSN_NOT_VERIFIED));
        assertThat(served).isEmpty();
        assertThat(requested).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
            assertThat(e.detail()).contains("BSN_NOT_VERIFIED");
        });
    }

    @Test
    void aWrongTokenFailsEveryQueryWithItsReason() {
        RequestOutcome r = requester.request(patientA(BsnStatus.VERIFIED_AND_VALIDATED), peer(endpoint.base()),
                "not-a-token", CLINICIAN);
        assertThat(r.complete()).isFalse();
        assertThat(r.failed()).hasSize(27).allSatisfy(q -> {
            assertThat(q.status()).isEqualTo(401);
            assertThat(q.failure()).contains("bearer token");
        });
        assertThat(r.bundles()).isEmpty();
        assertThat(requested).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE));
    }

    @Test
    void aPeerThatIsDownIsReportedPerQuery() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RequestOutcome r = requester.request(patientA(BsnStatus.VERIFIED), peer(URI.create("http://127.0.0.1:" + port
                + "/fhir/stu3")), QualificationSetup.token("A"), CLINICIAN);
        assertThat(r.failed()).hasSize(27).allSatisfy(q -> {
            assertThat(q.status()).isZero();
            assertThat(q.failure()).startsWith("no answer");
        });
    }

    /**
     * Ontvangend: what the request gave is stored as one received BgZ with its metadata and every answer as the peer
     * sent it, audited as a receipt with the source, and the department is told; a failed query stays a failure.
     */
    @Test
    void aReceivedBgzIsStoredApartWithItsMetadataAuditedAndTheDepartmentIsTold() {
        InMemoryReceivedBgzStore store = new InMemoryReceivedBgzStore();
        List<AuditEvent> received = new CopyOnWriteArrayList<>();
        BgzInbox inbox = new BgzInbox(store, received::addAll, Clock.systemUTC());
        List<ReceivedBgz.Summary> told = new CopyOnWriteArrayList<>();
        inbox.listen(told::add);
        RequestOutcome r = requester.request(patientA(BsnStatus.VERIFIED), peer(endpoint.base()),
                QualificationSetup.token("A"), CLINICIAN);
        BgzSource source = new BgzSource("zha", "Ziekenhuis A", "90000999", endpoint.base().toString());
        ReceivedBgz stored = inbox.receive(r, source, Occasion.REQUEST, null, QualificationSetup.bsn("A"), CLINICIAN);

        ReceivedBgz back = store.find(stored.id()).orElseThrow();
        assertThat(back.source()).isEqualTo(source);
        assertThat(back.patient()).isEqualTo(QualificationSetup.bsn("A"));
        assertThat(back.receivedBy()).isEqualTo("dr-test");
        assertThat(back.queries()).hasSize(27).allMatch(ReceivedQuery::ok);
        assertThat(back.queries().get(0).bundleJson()).isEqualTo(r.answers().get(back.queries().get(0).query()))
                .contains("bgz-msz-patA");
        assertThat(back.resources()).isEqualTo((int) r.resources());
        assertThat(store.unseen()).isEqualTo(1);
        assertThat(told).singleElement().satisfies(t -> assertThat(t.id()).isEqualTo(stored.id()));
        assertThat(received).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.RECEIVE);
            assertThat(e.source().name()).isEqualTo("Ziekenhuis A");
            assertThat(e.patient()).isNotNull();
            assertThat(e.legalBasis()).isInstanceOf(nl.zorgbrug.audit.event.LegalBasis.Treatment.class);
            assertThat(e.detail()).contains("27 queries, 0 failed").doesNotContain(QualificationSetup.bsn("A").value());
        });

        // Asked for patient B, answered with patient A (the token's): not stored, refused in the trail.
        received.clear();
        assertThatThrownBy(() -> inbox.receive(r, source, Occasion.REFERRAL, "verwijzing-1",
                QualificationSetup.bsn("B"), CLINICIAN)).isInstanceOf(ForeignPatientException.class);
        assertThat(store.recent(10)).hasSize(1);
        assertThat(received).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE));
    }

    /**
     * HAPI's client against a peer that answers each kind of wrong (a local HTTP server): every query's failure says
     * what came, with the status, the peer's OperationOutcome text and never the BSN; a redirect is not followed (the
     * token stays with the peer); a query without an answer times out alone; every query carries the bearer token,
     * no {@code _format} and no {@code /metadata} is read first; a good answer is kept byte for byte as sent.
     */
    @Test
    void aPeerThatAnswersWronglyIsReportedPerQueryWithWhatCame() throws Exception {
        String searchset = "{ \"resourceType\" : \"Bundle\",\n  \"type\":\"searchset\", \"total\": 1,\n"
                + "  \"entry\": [ { \"resource\": { \"resourceType\": \"Patient\", \"id\": \"p1\" } } ] }\n";
        List<String> asked = new CopyOnWriteArrayList<>();
        List<String> bearers = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        HttpServer peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.setExecutor(threads);
        peer.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            asked.add(path + "?" + exchange.getRequestURI().getRawQuery());
            bearers.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String type = path.startsWith("/fhir/stu3/") ? path.substring("/fhir/stu3/".length()).split("/")[0] : "";
            try {
                switch (type) {
                    case "Patient" -> answer(exchange, 200, "application/fhir+json", searchset);
                    case "Coverage" -> answer(exchange, 500, "application/fhir+json", "{\"resourceType\":"
                            + "\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"exception\","
                            + "\"diagnostics\":\"the coverage register is down\"}]}");
                    case "Condition" -> answer(exchange, 200, "application/fhir+json",
                            "{\"resourceType\":\"Patient\",\"id\":\"p1\"}");
                    case "Encounter" -> answer(exchange, 200, "application/fhir+json",
                            "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}");
                    case "NutritionOrder" -> answer(exchange, 200, "application/fhir+json", "{not json");
                    case "Immunization" -> answer(exchange, 200, "text/html", "<html><body>Login</body></html>");
                    case "Procedure" -> {
                        exchange.getResponseHeaders().add("Location", "/elsewhere/Procedure");
                        exchange.sendResponseHeaders(302, -1);
                    }
                    case "Flag" -> {
                        try {
                            Thread.sleep(2500);
                        } catch (InterruptedException stopped) {
                            Thread.currentThread().interrupt();
                        }
                        answer(exchange, 200, "application/fhir+json",
                                "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}");
                    }
                    default -> answer(exchange, 200, "application/fhir+json",
                            "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}");
                }
            } catch (IOException clientGone) {
                // the requester stopped waiting (the Flag query)
            } finally {
                exchange.close();
            }
        });
        peer.start();
        try {
            BgzRequester impatient = new BgzRequester(FhirContext.forDstu3Cached(), HttpClient.newHttpClient(),
                    Duration.ofSeconds(1), requested::addAll, Clock.systemUTC());
            RequestOutcome r = impatient.request(patientA(BsnStatus.VERIFIED), peer(URI.create("http://127.0.0.1:"
                    + peer.getAddress().getPort() + "/fhir/stu3/")), "peer-token", CLINICIAN);

            assertThat(r.queries()).hasSize(27);
            assertThat(failure(r, "Coverage")).isEqualTo(new Failure(500,
                    "refused with 500: the coverage register is down"));
            assertThat(failure(r, "Condition")).isEqualTo(new Failure(200, "the answer is no searchset Bundle"));
            assertThat(failure(r, "Encounter")).isEqualTo(new Failure(200, "the answer is no searchset Bundle"));
            assertThat(failure(r, "NutritionOrder").status()).isEqualTo(200);
            assertThat(failure(r, "NutritionOrder").why()).startsWith("the answer is no FHIR JSON: ");
            assertThat(failure(r, "Immunization")).isEqualTo(new Failure(200,
                    "the answer is no FHIR JSON (Content-Type text/html)"));
            assertThat(failure(r, "Procedure")).isEqualTo(new Failure(302, "refused with 302"));
            assertThat(failure(r, "Flag")).isEqualTo(new Failure(0, "no answer within 1 s"));
            assertThat(r.failed()).hasSize(7).allSatisfy(q -> assertThat(q.failure())
                    .doesNotContain(QualificationSetup.bsn("A").value()));
            assertThat(r.queries()).filteredOn(QueryOutcome::ok).hasSize(20);

            String patientQuery = BgzQuerySet.all().get(0).label();
            assertThat(r.answers().get(patientQuery)).isEqualTo(searchset);
            assertThat(r.queries().get(0).resources()).containsExactly("Patient/p1");
            assertThat(r.bundles()).hasSize(20);

            assertThat(asked).hasSize(27).noneMatch(a -> a.startsWith("/elsewhere") || a.contains("/metadata")
                    || a.contains("_format"));
            assertThat(asked.get(0)).isEqualTo("/fhir/stu3/" + BgzQuerySet.all().get(0).url(QualificationSetup.bsn("A")));
            assertThat(bearers).hasSize(27).containsOnly("Bearer peer-token");
            assertThat(requested).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
                assertThat(e.detail()).contains("27 queries, 7 failed").contains("Coverage 500", "Flag 0")
                        .doesNotContain(QualificationSetup.bsn("A").value());
            });
        } finally {
            peer.stop(0);
            threads.shutdownNow();
        }
    }

    private record Failure(int status, String why) {
    }

    private static Failure failure(RequestOutcome r, String type) {
        QueryOutcome q = r.queries().stream().filter(o -> o.query().resource().equals(type)).findFirst().orElseThrow();
        return new Failure(q.status(), q.failure());
    }

    private static void answer(HttpExchange exchange, int status, String mediaType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", mediaType + "; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static MpiPatient patientA(BsnStatus status) {
        return new MpiPatient("A-1", "urn:oid:2.16.528.1.1007.99.1", QualificationSetup.bsn("A"), status,
                "van Houten", "J.A.H.", "19800101", "M");
    }

    private static PeerNode peer(URI base) {
        return new PeerNode("Ziekenhuis A", base);
    }
}

package nl.zorgbrug.app.bgz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.audit.consent.ConsentStore;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.trail.AuditStore;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.receive.ReceivedBgzStore;
import nl.zorgbrug.bgz.referral.NotifiedPull;
import nl.zorgbrug.bgz.specialism.Specialism;
import nl.zorgbrug.bgz.request.AccessRefusedException;
import nl.zorgbrug.bgz.request.PullRefusedException;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import org.springframework.jdbc.core.JdbcTemplate;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import java.util.Set;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;
import nl.zorgbrug.bgz.takeover.Match;
import nl.zorgbrug.bgz.takeover.Origin;
import nl.zorgbrug.bgz.takeover.Selection;
import nl.zorgbrug.bgz.takeover.TakeOver;
import nl.zorgbrug.bgz.takeover.Verdict;
import org.hl7.fhir.dstu3.model.Bundle;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bgz.testscript.NictizSuite;
import nl.zorgbrug.bgz.testscript.Outcome;
import nl.zorgbrug.bgz.testscript.QualificationSetup;
import nl.zorgbrug.bgz.testscript.QuerySet;

/**
 * Issue 19 in the running node: the BgZ endpoints at /fhir/stu3 and /fhir/r4 (a plain HAPI servlet beside the console, outside
 * its login), over the store in the database (V23), with the configured tokens, the consent register and the audit
 * trail; the Nictiz load and serving TestScripts pass against it as against the in-memory store.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BgzNodeTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("server.address", () -> "127.0.0.1");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:bgz;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.audit.organisation-ura", () -> "00001234");
        List<String> tokens = tokenArgs();
        for (String arg : tokens) {
            String[] kv = arg.substring(2).split("=", 2);
            r.add(kv[0], () -> kv[1]);
        }
        // The second node may post Notified Pull Tasks here, and its BgZ endpoint is where they are pulled from.
        int n = QualificationSetup.tokens().size();
        r.add("zorgbrug.bgz.tokens[" + n + "].token", () -> NOTIFY_FROM_B);
        r.add("zorgbrug.bgz.tokens[" + n + "].ura", () -> URA_B);
        r.add("zorgbrug.bgz.tokens[" + n + "].notifier", () -> "true");
        // The organisation credential this node issued node B for its consent flow's token endpoint.
        r.add("zorgbrug.bgz.tokens[" + (n + 1) + "].token", () -> CREDENTIAL_OF_B);
        r.add("zorgbrug.bgz.tokens[" + (n + 1) + "].ura", () -> URA_B);
        r.add("zorgbrug.bgz.tokens[" + (n + 1) + "].requester", () -> "true");
        r.add("zorgbrug.bgz.peers[0].institution", () -> "nodeb");
        r.add("zorgbrug.bgz.peers[0].stu3-base", () -> "http://127.0.0.1:" + OTHER_PORT + "/fhir/stu3");
        // The department told of a received BgZ: cardiology (AGB 0320) by its own webhook, the rest by the general one.
        r.add("zorgbrug.bgz.notice.console-url", () -> "https://zorgbrug.hospital.example");
        r.add("zorgbrug.bgz.notice.webhook", () -> HOOKS.url("/general"));
        r.add("zorgbrug.bgz.notice.departments[0].specialism", () -> "0320");
        r.add("zorgbrug.bgz.notice.departments[0].webhook", () -> HOOKS.url("/cardiologie"));
    }

    /** The departments' webhooks: what each path was posted. */
    static final Hooks HOOKS = new Hooks();

    static final class Hooks {
        final java.util.Map<String, List<String>> posted = new java.util.concurrent.ConcurrentHashMap<>();
        private final com.sun.net.httpserver.HttpServer server;

        Hooks() {
            try {
                server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                posted.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new java.util.concurrent
                        .CopyOnWriteArrayList<>()).add(new String(exchange.getRequestBody().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        /** The bodies posted to the path that name this referral's received BgZ, waiting up to 30 s for one. */
        List<String> waitFor(String path, String receivedId) throws InterruptedException {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            List<String> found;
            do {
                found = posted.getOrDefault(path, List.of()).stream().filter(b -> b.contains(receivedId)).toList();
                if (found.isEmpty()) {
                    Thread.sleep(100);
                }
            } while (found.isEmpty() && System.nanoTime() < deadline);
            return found;
        }
    }

    static final String URA_B = "00005678";
    static final String NOTIFY_FROM_B = "notify-token-of-node-b";
    static final String CREDENTIAL_OF_B = "organisation-credential-of-node-b";
    /** The second node's port, chosen before this node starts: this node's settings name its endpoint. */
    static final int OTHER_PORT = freePort();

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The qualification tokens as settings: per patient its token (read and feed), and the feed-only ones. */
    static List<String> tokenArgs() {
        List<String> out = new java.util.ArrayList<>();
        int i = 0;
        for (var t : QualificationSetup.tokens()) {
            String key = "--zorgbrug.bgz.tokens[" + i++ + "].";
            out.add(key + "token=" + t.token());
            out.add(key + "feed=" + t.feed());
            if (t.patient() != null) {
                out.add(key + "bsn=" + t.patient().value());
                out.add(key + "ura=" + t.requester().value());
                out.add(key + "institution-type=" + t.institutionType());
            }
        }
        return out;
    }

    @LocalServerPort
    int port;

    @Autowired
    ConsentStore consents;

    @Autowired
    AuditTrail trail;

    @Autowired
    AddressBook addressBook;

    @Autowired
    ReceivedBgzStore receivedStore;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Autowired
    javax.sql.DataSource dataSource;

    @Test
    void theNictizScriptsPassAgainstTheNodeAndEveryRequestIsInTheTrail() throws Exception {
        QualificationSetup.consent(consents, Instant.now().minusSeconds(3600));
        URI base = URI.create("http://127.0.0.1:" + port + "/fhir/stu3");
        HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/metadata")).header("Accept", "application/fhir+json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.body()).contains("CapabilityStatement").contains("Provenance:target");
        long before = trail.count();

        List<Outcome> outcomes = NictizSuite.run(base, List.of("Cert/Serving-XIS", "Cert/Serving-XIS-CheckContent",
                "Test/Serving-XIS-CheckContent"));
        List<String> problems = NictizSuite.problems(outcomes);
        assertThat(problems).isEmpty();
        assertThat(outcomes.stream().mapToLong(o -> o.asserts.size()).sum()).isGreaterThan(5000);
        // 359 feed requests and 6 x 27 searches, each with its event; the searches' consent decisions on top.
        assertThat(trail.count() - before).isGreaterThanOrEqualTo(359 + 6 * 27 * 2);

        // The R4 endpoint answers the same queries from the same database store: same totals as STU3.
        URI r4 = URI.create("http://127.0.0.1:" + port + "/fhir/r4");
        assertThat(get(URI.create(r4 + "/metadata"), null).body()).contains("CapabilityStatement").contains("4.0.1")
                .contains("ServiceRequest");
        java.nio.file.Path script = nl.zorgbrug.bgz.testscript.SharedFixtures.root().resolve(
                "bgz-fixtures/testscripts/stu3-bgz-msz-2.0/Cert/Serving-XIS/bgz-msz-xis-1-1-serve-bgz-json.xml");
        int compared = 0;
        for (QuerySet.Query q : QuerySet.of(script)) {
            String query = encode(q.params());
            String stu3 = get(URI.create(base + "/" + q.resource() + query), q.authorization()).body();
            String type = "ProcedureRequest".equals(q.resource()) ? "ServiceRequest" : q.resource();
            HttpResponse<String> onR4 = get(URI.create(r4 + "/" + type + query), q.authorization());
            assertThat(onR4.statusCode()).as(type + q.params()).isEqualTo(200);
            assertThat(total(onR4.body())).as(type + q.params()).isEqualTo(total(stu3));
            compared++;
        }
        assertThat(compared).isEqualTo(27);
    }

    /**
     * Raadplegend and Ontvangend, node against node: a second node (its own database, trail and settings) requests
     * patient A's BgZ from this node's /fhir/stu3 with the token this node issued; all 27 queries answer, the request
     * is one event in the second node's trail, and the answers are stored there as one received BgZ with this node as
     * source from its address book. The same patient with an unchecked BSN sends nothing.
     */
    @Test
    void anotherNodeRequestsTheBgzOfAVerifiedPatientAndStoresIt(@TempDir Path otherData) throws Exception {
        QualificationSetup.consent(consents, Instant.now().minusSeconds(3600));
        URI base = URI.create("http://127.0.0.1:" + port + "/fhir/stu3");
        // This node's store holds the Nictiz fixtures (what the load scripts put there).
        NictizSuite.run(base, List.of());
        long servedBefore = trail.count();
        try (ConfigurableApplicationContext other = otherNode(otherData, base, "bgz-other")) {
            assertThat(other.getEnvironment().getProperty("zorgbrug.data-dir")).isEqualTo(otherData.toString());
            AuditStore otherTrail = new JdbcAuditStore(other.getBean(javax.sql.DataSource.class));
            long otherBefore = other.getBean(AuditTrail.class).count();
            Actor clinician = Actor.person("dr-b", "Dr. B", Role.CLINICIAN, new Ura(URA_B));
            MpiPatient patient = patientA(BsnStatus.VERIFIED);
            ReceivedBgz received = other.getBean(BgzExchange.class).request(patient, "nodea", clinician);
            assertThat(received.failed()).isEmpty();
            assertThat(received.queries()).hasSize(27);
            assertThat(received.resources()).isGreaterThan(50);
            assertThat(trail.count() - servedBefore).as("27 searches served, each audited").isGreaterThanOrEqualTo(27);
            assertThat(otherTrail.read(otherBefore, 1000)).anySatisfy(rec -> assertThat(rec.body())
                    .contains("BgZ request (FHIR STU3) to Zorgbrug node A: 27 queries, 0 failed"));
            assertThat(otherTrail.read(otherBefore, 1000)).anySatisfy(rec -> assertThat(rec.body())
                    .contains("BgZ received from Zorgbrug node A on request"));
            // Kept in the second node's database, apart from its own record, with the source from its address book.
            ReceivedBgz stored = other.getBean(ReceivedBgzStore.class).find(received.id()).orElseThrow();
            assertThat(stored.source()).isEqualTo(new BgzSource("nodea", "Zorgbrug node A", "00001234",
                    base.toString()));
            assertThat(stored.occasion()).isEqualTo(Occasion.REQUEST);
            assertThat(stored.patient()).isEqualTo(QualificationSetup.bsn("A"));
            assertThat(stored.receivedBy()).isEqualTo("dr-b");
            assertThat(stored.queries().get(0).bundleJson()).contains("bgz-msz-patA");
            assertThat(other.getBean(ReceivedBgzStore.class).unseen()).isEqualTo(1);
            assertThat(other.getBean(JdbcTemplate.class).queryForObject("select count(*) from bgz_resource",
                    Integer.class)).as("not in the own record").isZero();

            long servedNow = trail.count();
            assertThatThrownBy(() -> other.getBean(BgzExchange.class).request(patient.withStatus(BsnStatus.UNCHECKED,
                    null), "nodea", clinician)).isInstanceOf(PullRefusedException.class);
            assertThat(trail.count()).as("nothing was sent").isEqualTo(servedNow);
        }
    }

    /**
     * Sturend and Ontvangend by Notified Pull, node against node: the second node holds patient A's record and sends
     * the BgZ with a referral to this node; this node takes the Task, pulls with its token from the second node's
     * endpoint (as its settings name it) and stores the BgZ as received, with the referral. The referral is the legal
     * basis in both trails; no consent is recorded at the second node.
     */
    @Test
    void anotherNodeSendsTheBgzOnReferralAndThisNodePullsAndStoresIt(@TempDir Path otherData) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port + "/fhir/stu3");
        addressBook.save(new Institution("nodeb", "Zorgbrug node B", URA_B, null, null, null, null, 0, false, null,
                null, null));
        // This node's own record of patient A (the Nictiz fixtures), which the take-over below adds to.
        QualificationSetup.consent(consents, Instant.now().minusSeconds(3600));
        NictizSuite.run(base, List.of());
        try (ConfigurableApplicationContext other = otherNode(otherData, base, "bgz-sender")) {
            URI otherBase = URI.create("http://127.0.0.1:" + OTHER_PORT + "/fhir/stu3");
            NictizSuite.run(otherBase, List.of());
            AuditStore otherTrail = new JdbcAuditStore(other.getBean(javax.sql.DataSource.class));
            long otherBefore = other.getBean(AuditTrail.class).count();
            long before = trail.count();
            Actor clinician = Actor.person("dr-b", "Dr. B", Role.CLINICIAN, new Ura(URA_B));
            // To this node's cardiology department: one of the specialisms node B's settings list for this node.
            NotifiedPull sent = other.getBean(BgzExchange.class).sendOnReferral(
                    patientA(BsnStatus.VERIFIED_AND_VALIDATED), "verwijzing-2026-7", "nodea", "0320", clinician);
            assertThat(sent.specialism()).isEqualTo(Specialism.CARDIOLOGY);

            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            List<ReceivedBgz.Summary> here;
            do {
                Thread.sleep(200);
                here = receivedStore.recent(20).stream().filter(r -> "verwijzing-2026-7".equals(r.reference()))
                        .toList();
            } while (here.isEmpty() && System.nanoTime() < deadline);
            assertThat(here).as("the pulled BgZ is stored here").singleElement().satisfies(r -> {
                assertThat(r.occasion()).isEqualTo(Occasion.REFERRAL);
                assertThat(r.source().key()).isEqualTo("nodeb");
                assertThat(r.patient()).isEqualTo(QualificationSetup.bsn("A"));
                assertThat(r.failed()).isZero();
                assertThat(r.queries()).isEqualTo(27);
                assertThat(r.resources()).isGreaterThan(50);
                assertThat(r.specialism()).as("the department the Task's owner names").isEqualTo(Specialism.CARDIOLOGY);
            });
            // The cardiology department is told by its own webhook, naming the specialism; the general one is not.
            String receivedId = here.get(0).id().toString();
            assertThat(HOOKS.waitFor("/cardiologie", receivedId)).singleElement().satisfies(body -> assertThat(body)
                    .contains("\"kind\":\"bgz-referral\"").contains("\"department\":\"afdeling Cardiologie\"")
                    .contains("\"code\":\"0320\"").doesNotContain(QualificationSetup.bsn("A").value()));
            assertThat(HOOKS.posted.getOrDefault("/general", List.of())).noneMatch(b -> b.contains(receivedId));
            assertThat(otherTrail.read(otherBefore, 2000)).anySatisfy(rec -> assertThat(rec.body())
                    .contains("BgZ made available with referral verwijzing-2026-7 to Zorgbrug node A"));
            assertThat(trail.count() - before).as("the Task, the pull and the receipt in this node's trail")
                    .isGreaterThanOrEqualTo(3);
            // The token reads nothing once revoked or expired; here: it is bound to patient A.
            assertThat(get(URI.create(otherBase + "/Condition?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C"
                    + QualificationSetup.bsn("B").value()), "Bearer " + sent.token()).statusCode()).isEqualTo(403);

            // Verwerkend: a clinician here takes the problems section over into this node's own record.
            TakeOver takeOver = context.getBean(TakeOver.class);
            ReceivedBgz first = receivedStore.find(here.get(0).id()).orElseThrow();
            List<Match> problems = takeOver.review(first).matches().stream()
                    .filter(m -> m.incoming().category() == DataCategory.PROBLEM).toList();
            assertThat(problems).isNotEmpty().allSatisfy(m -> assertThat(m.verdict()).isEqualTo(Verdict.NEW));
            URI conditions = URI.create(base + "/Condition?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C"
                    + QualificationSetup.bsn("A").value());
            int ownProblems = total(get(conditions, "Bearer " + QualificationSetup.token("A")).body());
            Actor drA = Actor.person("dr-a", "Dr. A", Role.CLINICIAN, new Ura("00001234"));
            long beforeTakeOver = trail.count();
            nl.zorgbrug.bgz.takeover.Outcome taken = takeOver.takeOver(first, Selection.section(DataCategory.PROBLEM, Set.of()), drA);
            assertThat(taken.taken()).hasSize(problems.size());
            assertThat(new JdbcAuditStore(dataSource).read(beforeTakeOver, 100)).anySatisfy(rec -> {
                assertThat(rec.event().type()).isEqualTo(EventType.IMPORT);
                assertThat(rec.event().patient().bsn()).isEqualTo(QualificationSetup.bsn("A"));
                assertThat(rec.body()).contains("BgZ from Zorgbrug node B taken over into the own record");
            });

            // This node's record, as its own FHIR endpoint serves it, has them, each with node B as source.
            Bundle served = BgzStu3Server.context().newJsonParser().parseResource(Bundle.class,
                    get(conditions, "Bearer " + QualificationSetup.token("A")).body());
            assertThat(served.getTotal()).isEqualTo(ownProblems + problems.size());
            List<Origin> external = served.getEntry().stream().map(e -> Origin.of(e.getResource()))
                    .flatMap(java.util.Optional::stream).toList();
            assertThat(external).hasSize(problems.size()).allSatisfy(o -> {
                assertThat(o.sourceName()).isEqualTo("Zorgbrug node B");
                assertThat(o.sourceUra()).isEqualTo(URA_B);
                assertThat(o.sourceItem()).startsWith(otherBase + "/Condition/");
                assertThat(o.takenOverBy()).isEqualTo("dr-a");
            });
            assertThat(served.getEntry()).filteredOn(e -> Origin.isExternal(e.getResource())).hasSize(problems.size());

            // A second referral, a second pull: the same problems show as duplicates and are not taken over twice.
            // To internal medicine (0313), which has no department of its own in this node's notice settings.
            other.getBean(BgzExchange.class).sendOnReferral(patientA(BsnStatus.VERIFIED_AND_VALIDATED),
                    "verwijzing-2026-8", "nodea", "0313", clinician);
            List<ReceivedBgz.Summary> second;
            long deadline2 = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            do {
                Thread.sleep(200);
                second = receivedStore.recent(20).stream().filter(r -> "verwijzing-2026-8".equals(r.reference()))
                        .toList();
            } while (second.isEmpty() && System.nanoTime() < deadline2);
            assertThat(second).as("the second pull is stored here").singleElement()
                    .satisfies(r -> assertThat(r.specialism()).isEqualTo(Specialism.INTERNAL_MEDICINE));
            assertThat(HOOKS.waitFor("/general", second.get(0).id().toString())).as("the general department is told")
                    .singleElement().satisfies(body -> assertThat(body).contains("\"code\":\"0313\""));
            ReceivedBgz again = receivedStore.find(second.get(0).id()).orElseThrow();
            assertThat(takeOver.review(again).matches()).filteredOn(m -> m.incoming().category() == DataCategory.PROBLEM)
                    .hasSize(problems.size()).allSatisfy(m -> assertThat(m.verdict()).isEqualTo(Verdict.DUPLICATE));
            nl.zorgbrug.bgz.takeover.Outcome twice = takeOver.takeOver(again, Selection.section(DataCategory.PROBLEM, Set.of()), drA);
            assertThat(twice.taken()).isEmpty();
            assertThat(twice.duplicates()).isEqualTo(problems.size());
            assertThat(total(get(conditions, "Bearer " + QualificationSetup.token("A")).body()))
                    .isEqualTo(ownProblems + problems.size());
        }
    }

    /**
     * Raadplegend by the consent flow, node against node: the second node has no fixed token, only the organisation
     * credential this node issued it. For patient A, who consented here to the BgZ on request for node B, it first gets
     * a token from this node's token endpoint (/fhir/stu3/token) and then all 27 answers; this node's trail has the
     * issuance and its token table the token's hash, without a referral. For patient B, who did not consent, this node
     * issues nothing and serves nothing: node B's request is refused as a whole, no received BgZ, a failed event in
     * node B's trail and the refusal in this node's.
     */
    @Test
    void anotherNodeRequestsByTheConsentFlowOnlyWithConsentRecordedHere(@TempDir Path otherData) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port + "/fhir/stu3");
        NictizSuite.run(base, List.of());
        addressBook.save(new Institution("nodeb", "Zorgbrug node B", URA_B, null, null, null, null, 0, false, null,
                null, null));
        Instant from = Instant.now().minusSeconds(3600);
        consents.save(new nl.zorgbrug.audit.consent.ConsentRecord("consent-A-for-node-b", QualificationSetup.bsn("A"),
                nl.zorgbrug.audit.consent.Purpose.BGZ_ON_REQUEST, true,
                new nl.zorgbrug.audit.consent.Scope.OneInstitution(new Ura(URA_B)), Set.of(), from, null,
                new nl.zorgbrug.audit.consent.ConsentRecord.Recording(
                        nl.zorgbrug.audit.consent.ConsentRecord.Method.WRITTEN, "test", from), null));
        try (ConfigurableApplicationContext other = otherNode(otherData, base, "bgz-consent-flow", true)) {
            JdbcAuditStore here = new JdbcAuditStore(dataSource);
            AuditStore otherTrail = new JdbcAuditStore(other.getBean(javax.sql.DataSource.class));
            Actor clinician = Actor.person("dr-b", "Dr. B", Role.CLINICIAN, new Ura(URA_B));
            long before = trail.count();
            ReceivedBgz received = other.getBean(BgzExchange.class).request(patientA(BsnStatus.VERIFIED), "nodea",
                    clinician);
            assertThat(received.queries()).hasSize(27);
            assertThat(received.failed()).isEmpty();
            assertThat(received.resources()).isGreaterThan(50);
            assertThat(here.read(before, 2000)).anySatisfy(rec -> {
                assertThat(rec.event().type()).isEqualTo(EventType.CONSENT_DECISION);
                assertThat(rec.body()).contains("BgZ token issued by the consent flow to Zorgbrug node B");
                assertThat(rec.event().patient().bsn()).isEqualTo(QualificationSetup.bsn("A"));
            });
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("select count(*) from bgz_issued_token"
                    + " where referral is null and receiver_ura = ? and patient_bsn = ?", Integer.class, URA_B,
                    QualificationSetup.bsn("A").value())).isEqualTo(1);

            long refusedFrom = trail.count();
            long otherFrom = other.getBean(AuditTrail.class).count();
            MpiPatient patientB = new MpiPatient("B-18", "urn:oid:2.16.528.1.1007.99.2", QualificationSetup.bsn("B"),
                    BsnStatus.VERIFIED, "de Vries", "P.", "19750505", "F");
            assertThatThrownBy(() -> other.getBean(BgzExchange.class).request(patientB, "nodea", clinician))
                    .isInstanceOfSatisfying(AccessRefusedException.class, e -> {
                        assertThat(e.reason()).isEqualTo(AccessRefusedException.Reason.NO_CONSENT);
                        assertThat(e.messageNl()).contains("Zorgbrug node A gaf geen toegang");
                    });
            assertThat(here.read(refusedFrom, 2000)).as("nothing served").noneMatch(rec -> rec.event().type()
                    == EventType.QUERY).anySatisfy(rec -> assertThat(rec.body())
                    .contains("BgZ token refused by the consent flow to Zorgbrug node B"));
            assertThat(otherTrail.read(otherFrom, 100)).anySatisfy(rec -> assertThat(rec.body())
                    .contains("refused: no token by its consent flow, NO_CONSENT"));
            assertThat(other.getBean(ReceivedBgzStore.class).forPatient(QualificationSetup.bsn("B")))
                    .as("a refusal is no (empty) received BgZ").isEmpty();
        }
    }

    /** The second node: URA 00005678, its own database and port, this node in its address book with its endpoint. */
    private ConfigurableApplicationContext otherNode(Path data, URI thisBase, String db) {
        return otherNode(data, thisBase, db, false);
    }

    /**
     * As {@link #otherNode(Path, URI, String)}; {@code consentFlow}: it requests from this node by the consent flow
     * (the organisation credential this node issued it) instead of with a fixed token.
     */
    private ConfigurableApplicationContext otherNode(Path data, URI thisBase, String db, boolean consentFlow) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--zorgbrug.data-dir=" + data, "--zorgbrug.gateway.port=0", "--server.port=" + OTHER_PORT,
                "--server.address=127.0.0.1", "--zorgbrug.audit.organisation-ura=" + URA_B,
                "--spring.datasource.url=jdbc:h2:mem:" + db + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH",
                "--zorgbrug.bgz.request-timeout=20s",
                "--zorgbrug.bgz.peers[0].institution=nodea", "--zorgbrug.bgz.peers[0].stu3-base=" + thisBase,
                consentFlow ? "--zorgbrug.bgz.peers[0].credential=" + CREDENTIAL_OF_B
                        : "--zorgbrug.bgz.peers[0].token=" + QualificationSetup.token("A"),
                "--zorgbrug.bgz.peers[0].notify-token=" + NOTIFY_FROM_B,
                "--zorgbrug.bgz.peers[0].specialisms[0]=0320", "--zorgbrug.bgz.peers[0].specialisms[1]=0313"));
        args.addAll(tokenArgs());
        // As command-line arguments: they outrank application.yml (builder properties would only be defaults, and the
        // second node would take the default data folder and ports).
        ConfigurableApplicationContext other = new SpringApplicationBuilder(
                nl.zorgbrug.app.node.ZorgbrugApplication.class).run(args.toArray(String[]::new));
        other.getBean(AddressBook.class).save(new Institution("nodea", "Zorgbrug node A", "00001234", null, null, null,
                null, 0, false, null, null, null));
        return other;
    }

    private static MpiPatient patientA(BsnStatus status) {
        return new MpiPatient("B-17", "urn:oid:2.16.528.1.1007.99.2", QualificationSetup.bsn("A"), status,
                "van Houten", "J.A.H.", "19800101", "M");
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "application/fhir+json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int total(String bundle) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(bundle);
        assertThat(m.find()).as("a Bundle with a total: " + bundle).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String encode(String params) {
        int q = params.indexOf('?');
        StringBuilder out = new StringBuilder(params.substring(0, q + 1));
        String sep = "";
        for (String p : params.substring(q + 1).split("&")) {
            int eq = p.indexOf('=');
            out.append(sep).append(p, 0, eq + 1).append(java.net.URLEncoder.encode(p.substring(eq + 1),
                    java.nio.charset.StandardCharsets.UTF_8));
            sep = "&";
        }
        return out.toString();
    }
}

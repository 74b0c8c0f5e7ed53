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
import nl.zorgbrug.bgz.request.BgzRequester;
import nl.zorgbrug.bgz.request.PeerNode;
import nl.zorgbrug.bgz.request.PullRefusedException;
import nl.zorgbrug.bgz.request.RequestOutcome;
import nl.zorgbrug.bsn.mpi.BsnStatus;
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
        int i = 0;
        for (var t : QualificationSetup.tokens()) {
            String key = "zorgbrug.bgz.tokens[" + i++ + "].";
            r.add(key + "token", t::token);
            r.add(key + "feed", () -> Boolean.toString(t.feed()));
            if (t.patient() != null) {
                r.add(key + "bsn", () -> t.patient().value());
                r.add(key + "ura", () -> t.requester().value());
                r.add(key + "institution-type", t::institutionType);
            }
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ConsentStore consents;

    @Autowired
    AuditTrail trail;

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
     * Raadplegend, node against node: a second node (its own database, trail and settings) requests patient A's BgZ
     * from this node's /fhir/stu3 with the token this node issued; all 27 queries answer, and the request is one
     * event in the second node's trail. The same patient with an unchecked BSN sends nothing.
     */
    @Test
    void anotherNodeRequestsTheBgzOfAVerifiedPatient(@TempDir Path otherData) throws Exception {
        QualificationSetup.consent(consents, Instant.now().minusSeconds(3600));
        URI base = URI.create("http://127.0.0.1:" + port + "/fhir/stu3");
        // This node's store holds the Nictiz fixtures (what the load scripts put there).
        NictizSuite.run(base, List.of());
        long servedBefore = trail.count();
        // As command-line arguments: they outrank application.yml (builder properties would only be defaults, and the
        // second node would take the default data folder and ports).
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(
                nl.zorgbrug.app.node.ZorgbrugApplication.class).run(
                "--zorgbrug.data-dir=" + otherData, "--zorgbrug.gateway.port=0", "--server.port=0",
                "--server.address=127.0.0.1", "--zorgbrug.audit.organisation-ura=00005678",
                "--spring.datasource.url=jdbc:h2:mem:bgz-other;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH",
                "--zorgbrug.bgz.request-timeout=20s")) {
            assertThat(other.getEnvironment().getProperty("zorgbrug.data-dir")).isEqualTo(otherData.toString());
            BgzRequester requester = other.getBean(BgzRequester.class);
            AuditStore otherTrail = new JdbcAuditStore(other.getBean(javax.sql.DataSource.class));
            long otherBefore = other.getBean(AuditTrail.class).count();
            Actor clinician = Actor.person("dr-b", "Dr. B", Role.CLINICIAN, new Ura("00005678"));
            MpiPatient patient = new MpiPatient("B-17", "urn:oid:2.16.528.1.1007.99.2", QualificationSetup.bsn("A"),
                    BsnStatus.VERIFIED, "van Houten", "J.A.H.", "19800101", "M");
            RequestOutcome r = requester.request(patient, new PeerNode("Zorgbrug test node", base),
                    QualificationSetup.token("A"), clinician);
            assertThat(r.failed()).isEmpty();
            assertThat(r.queries()).hasSize(27);
            assertThat(r.resources()).isGreaterThan(50);
            assertThat(trail.count() - servedBefore).as("27 searches served, each audited").isGreaterThanOrEqualTo(27);
            assertThat(otherTrail.read(otherBefore, 1000)).anySatisfy(rec -> assertThat(rec.body())
                    .contains("BgZ request (FHIR STU3) to Zorgbrug test node: 27 queries, 0 failed"));

            long servedNow = trail.count();
            assertThatThrownBy(() -> requester.request(patient.withStatus(BsnStatus.UNCHECKED, null),
                    new PeerNode("Zorgbrug test node", base), QualificationSetup.token("A"), clinician))
                    .isInstanceOf(PullRefusedException.class);
            assertThat(trail.count()).as("nothing was sent").isEqualTo(servedNow);
        }
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

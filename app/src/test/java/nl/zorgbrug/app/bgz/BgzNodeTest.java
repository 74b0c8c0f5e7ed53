package nl.zorgbrug.app.bgz;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.audit.consent.ConsentStore;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.bgz.testscript.NictizSuite;
import nl.zorgbrug.bgz.testscript.Outcome;
import nl.zorgbrug.bgz.testscript.QualificationSetup;

/**
 * Issue 19 in the running node: the BgZ endpoint at /fhir/stu3 (a plain HAPI servlet beside the console, outside
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
    }
}

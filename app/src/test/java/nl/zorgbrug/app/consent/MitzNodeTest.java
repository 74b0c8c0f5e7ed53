package nl.zorgbrug.app.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.consent.mitz.MitzFake;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.net.tls.TestPki;

/**
 * Mitz in the running node (issue 17), against the loopback Mitz fake: the node subscribes to consent changes at
 * start; a notification over TLS with Mitz's client certificate is taken and each changed consent is a CONSENT_CHANGE
 * in the trail; another certificate of the same CA, no certificate, or a user of the node with HTTP Basic are refused
 * and nothing is recorded as a change; an unreadable notification is refused and recorded as a failure. The open
 * question asked by a person of the node is answered with Mitz's holders and recorded with that person; a Mitz that
 * answers 503 gives no holders, recorded as a serious failure. The PKI is made with openssl at test time.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MitzNodeTest {
    static final String OWN_URA = "00001234";
    static final Path dir = tempDir();
    static final TestPki pki = pki();
    static final MitzFake mitz = fake();
    static final int port = freePort();
    static final Bsn PATIENT = TestEvents.bsn(new Random(4217));

    static Path tempDir() {
        try {
            return Files.createTempDirectory("mitz-node");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestPki pki() {
        try {
            return new TestPki(dir.resolve("pki"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test PKI with openssl (run .ci/run): " + e.getMessage(), e);
        }
    }

    static MitzFake fake() {
        try {
            return new MitzFake();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        mitz.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws Exception {
        Path trust = dir.resolve("trusted-clients.p12");
        try (OutputStream out = Files.newOutputStream(trust)) {
            pki.trust("ca").store(out, TestPki.PASSWORD);
        }
        r.add("server.port", () -> Integer.toString(port));
        r.add("server.address", () -> "127.0.0.1");
        r.add("server.ssl.key-store", () -> pki.p12("server").toString());
        r.add("server.ssl.key-store-password", () -> "changeit");
        r.add("server.ssl.key-store-type", () -> "PKCS12");
        r.add("server.ssl.trust-store", trust::toString);
        r.add("server.ssl.trust-store-password", () -> "changeit");
        r.add("server.ssl.trust-store-type", () -> "PKCS12");
        r.add("server.ssl.client-auth", () -> "want");
        r.add("zorgbrug.data-dir", () -> dir.resolve("data").toString());
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:mitznode;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("zorgbrug.spool-min-free", () -> "1MB");
        r.add("zorgbrug.audit.organisation-ura", () -> OWN_URA);
        r.add("zorgbrug.consent.mitz-url", () -> mitz.uri().toString());
        r.add("zorgbrug.consent.mitz-fhir-url", () -> mitz.fhirBase().toString());
        r.add("zorgbrug.consent.mitz-callback-url", () -> "https://127.0.0.1:" + port + "/mitz/notifications");
        // "Mitz" presents the test PKI's client certificate.
        r.add("zorgbrug.consent.mitz-certificate-subject", () -> "CN=zorgbrug-scu, O=Zorgbrug Test");
        r.add("zorgbrug.users[0].name", () -> "olga");
        r.add("zorgbrug.users[0].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[0].roles", () -> "ADMIN");
    }

    @Autowired
    DataSource dataSource;

    /** TLS trusting the test CA, presenting the named certificate (null: none). */
    static SSLContext tls(String certificate) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(pki.trust("ca"));
        KeyManagerFactory keys = null;
        if (certificate != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(pki.p12(certificate))) {
                ks.load(in, TestPki.PASSWORD);
            }
            keys.init(ks, TestPki.PASSWORD);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private long lastSeq() {
        return new JdbcAuditStore(dataSource).last().map(AuditRecord::seq).orElse(0L);
    }

    private List<AuditEvent> since(long seq, EventType type) {
        return new JdbcAuditStore(dataSource).read(seq, 100).stream().map(AuditRecord::event)
                .filter(e -> e.type() == type).toList();
    }

    @Test
    void theNodeSubscribesAndTakesOnlyMitzsNotificationsEachAConsentChangeInTheTrail() throws Exception {
        assertThat(mitz.requests()).as("the Subscription the node asked for at start").anySatisfy(body -> assertThat(body)
                .contains("\"criteria\":\"Consent?organization.identifier=http://fhir.nl/fhir/NamingSystem/ura|"
                        + OWN_URA + "\"")
                .contains("\"endpoint\":\"https://127.0.0.1:" + port + "/mitz/notifications\"")
                .contains("rest-hook"));

        long before = lastSeq();
        assertThat(mitz.notifyConsentChange("c-1", PATIENT, "inactive", tls("client"))).isEqualTo(200);
        assertThat(since(before, EventType.CONSENT_CHANGE)).singleElement().satisfies(e -> {
            assertThat(e.actor().userId()).isEqualTo("mitz");
            assertThat(e.actor().role()).isEqualTo(Role.REMOTE_SYSTEM);
            assertThat(e.patient().bsn()).isEqualTo(PATIENT);
            assertThat(e.objects()).contains(new ObjectRef(nl.zorgbrug.audit.event.ObjectKind.CONSENT, "mitz:c-1"));
            assertThat(e.detail()).contains("inactive");
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        });

        before = lastSeq();
        assertThat(mitz.notifyConsentChange("c-2", PATIENT, "active", tls("other")))
                .as("a certificate of the same CA that is not Mitz's").isEqualTo(401);
        assertThat(mitz.notifyConsentChange("c-3", PATIENT, "active", tls(null))).as("no certificate").isEqualTo(401);
        HttpResponse<String> basic = HttpClient.newBuilder().sslContext(tls(null)).build().send(HttpRequest
                .newBuilder(URI.create("https://127.0.0.1:" + port + "/mitz/notifications"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("olga:operator-test"
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).as("a user of the node, even ADMIN, is not Mitz").isEqualTo(401);
        assertThat(since(before, EventType.CONSENT_CHANGE)).as("no change taken from anyone but Mitz").isEmpty();

        before = lastSeq();
        assertThat(mitz.notifyRaw("{\"resourceType\":\"Patient\"}", tls("client"))).isEqualTo(400);
        assertThat(since(before, EventType.CONSENT_CHANGE)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.SERIOUS_FAILURE));
    }

    private HttpResponse<String> holders(String body) throws Exception {
        return HttpClient.newBuilder().sslContext(tls(null)).build().send(HttpRequest
                .newBuilder(URI.create("https://127.0.0.1:" + port + "/api/consent/holders"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("olga:operator-test"
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOpenQuestionAnswersMitzsHoldersAndIsRecordedWithThePersonWhoAsked() throws Exception {
        String body = "{\"bsn\":\"" + PATIENT.value() + "\",\"purpose\":\"BGZ_ON_REQUEST\"}";
        mitz.answer(MitzFake.Mode.PERMIT);
        mitz.holders(new Ura("00005678"));
        long before = lastSeq();
        HttpResponse<String> answer = holders(body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"ura\":\"00005678\"");
        assertThat(since(before, EventType.CONSENT_DECISION)).singleElement().satisfies(e -> {
            assertThat(e.actor().userId()).isEqualTo("olga");
            assertThat(e.actor().role()).isEqualTo(Role.ADMIN);
            assertThat(e.actor().onBehalfOf().value()).isEqualTo(OWN_URA);
            assertThat(e.accessPoint().host()).isEqualTo("127.0.0.1");
            assertThat(e.patient().bsn()).isEqualTo(PATIENT);
            assertThat(e.detail()).contains("00005678");
        });

        mitz.answer(MitzFake.Mode.UNAVAILABLE);
        before = lastSeq();
        HttpResponse<String> down = holders(body);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"holders\":[]");
        assertThat(since(before, EventType.CONSENT_DECISION)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.SERIOUS_FAILURE));
        mitz.answer(MitzFake.Mode.PERMIT);
    }
}

package nl.zorgbrug.bgz.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentRegister;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.InMemoryConsentStore;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Scope;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.access.TokenLookup;
import nl.zorgbrug.bgz.access.TokenTable;
import nl.zorgbrug.bgz.r4.BgzR4Server;
import nl.zorgbrug.bgz.referral.InMemoryIssuedTokenStore;
import nl.zorgbrug.bgz.referral.IssuedTokens;
import nl.zorgbrug.bgz.request.AccessRefusedException;
import nl.zorgbrug.bgz.request.BgzRequester;
import nl.zorgbrug.bgz.request.PeerAccess;
import nl.zorgbrug.bgz.request.PeerNode;
import nl.zorgbrug.bgz.request.RequestOutcome;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;
import nl.zorgbrug.bgz.testscript.NictizSuite;
import nl.zorgbrug.bgz.testscript.QualificationSetup;
import nl.zorgbrug.bgz.testscript.Stu3Endpoint;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 19, the consent flow: hospital A (the Nictiz fixtures in its store) issues hospital B a token for one patient
 * at its token endpoint (OAuth 2.0 client credentials, RFC 6749 §4.4) when that patient consented to the BgZ on
 * request for B; B's requester obtains it and runs the query set with it. Without consent, or for a patient A does
 * not hold, the same refusal and nothing issued; a wrong or absent credential is a 401; a token reads only its
 * patient, expires, and stops reading when the consent is withdrawn. Every issuance and refusal is in A's trail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentFlowTest {
    static final String URA_B = "90000002";
    static final String URA_STRANGER = "90000077";
    static final String CREDENTIAL_B = "credential-of-hospital-b";
    static final String CREDENTIAL_STRANGER = "credential-of-a-stranger";
    static final Actor CLINICIAN_B = Actor.person("dr-b", "Dr. B", Role.CLINICIAN, new Ura(URA_B));
    static final ObjectMapper JSON = new ObjectMapper();

    final List<AuditEvent> auditA = new CopyOnWriteArrayList<>();
    final List<AuditEvent> auditB = new CopyOnWriteArrayList<>();
    final InMemoryIssuedTokenStore issued = new InMemoryIssuedTokenStore();
    final InMemoryConsentStore consentsA = new InMemoryConsentStore();
    /** How far the endpoint's clock is ahead of the real one (to let tokens expire). */
    final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);
    final HttpClient http = HttpClient.newHttpClient();
    ConsentService consentA;
    Stu3Endpoint a;
    BgzRequester requesterB;
    /** A patient A does not hold, with a BSN generated to pass the 11-proof. */
    Bsn stranger;

    @BeforeAll
    void start() throws Exception {
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.now().plus(ahead.get());
            }
        };
        consentA = new ConsentService(consentsA, new ConsentRegister(consentsA), auditA::addAll, clock);
        Instant from = Instant.now().minusSeconds(3600);
        stranger = generatedBsn();
        consentsA.save(consent("consent-A-for-B", QualificationSetup.bsn("A"), from));
        // The stranger consented too: that they are not A's patient must give the answer no consent gives.
        consentsA.save(consent("consent-stranger-for-B", stranger, from));
        InMemoryResourceStore storeA = new InMemoryResourceStore();
        List<AccessToken> table = new java.util.ArrayList<>(QualificationSetup.tokens());
        table.add(AccessToken.credential(CREDENTIAL_B, new Ura(URA_B), "V4"));
        table.add(AccessToken.credential(CREDENTIAL_STRANGER, new Ura(URA_STRANGER), "V4"));
        TokenTable credentials = new TokenTable(table);
        TokenLookup tokensA = credentials.or(new IssuedTokens(issued, clock));
        ConsentTokens tokenEndpoint = new ConsentTokens(credentials,
                ura -> URA_B.equals(ura) ? Optional.of("Ziekenhuis B") : Optional.empty(), consentA, storeA, issued,
                Duration.ofMinutes(15), auditA::addAll, clock);
        a = new Stu3Endpoint(BgzStu3Server.create(storeA, tokensA, consentA, auditA::addAll, clock),
                BgzR4Server.create(storeA, tokensA, consentA, auditA::addAll, clock), new TokenServlet(tokenEndpoint),
                Files.createTempDirectory("bgz-consent-flow"));
        assertThat(NictizSuite.problems(NictizSuite.run(a.base(), List.of()))).isEmpty();
        requesterB = new BgzRequester(FhirContext.forDstu3Cached(), http, Duration.ofSeconds(10), auditB::addAll,
                Clock.systemUTC());
    }

    @AfterAll
    void stop() throws Exception {
        a.close();
    }

    @BeforeEach
    void clear() {
        auditA.clear();
        auditB.clear();
        ahead.set(Duration.ZERO);
    }

    @Test
    void withConsentRecordedATokenIsIssuedThatReadsThatPatient() throws Exception {
        HttpResponse<String> answer = ask(basic(URA_B, CREDENTIAL_B), grant(QualificationSetup.bsn("A")));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(json.get("expires_in").asLong()).isEqualTo(900);
        String token = json.get("access_token").asText();
        assertThat(Base64.getUrlDecoder().decode(token)).as("256 random bits").hasSize(32);
        // Only its hash is kept, bound to patient A and hospital B, without a referral: consent is the basis.
        assertThat(issued.byHash(IssuedTokens.hash(token))).hasValueSatisfying(t -> {
            assertThat(t.patient()).isEqualTo(QualificationSetup.bsn("A"));
            assertThat(t.receiverUra()).isEqualTo(URA_B);
            assertThat(t.onConsent()).isTrue();
            assertThat(t.resourceTypes()).contains("Patient", "Condition", "Observation", "ProcedureRequest");
            assertThat(t.hash()).isNotEqualTo(token);
        });
        assertThat(auditA).filteredOn(e -> e.type() == EventType.CONSENT_DECISION && e.detail() != null
                && e.detail().startsWith("BgZ token issued by the consent flow to Ziekenhuis B")).singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
                    assertThat(e.patient().bsn()).isEqualTo(QualificationSetup.bsn("A"));
                    assertThat(e.legalBasis()).isEqualTo(new LegalBasis.Consent("consent-A-for-B"));
                    assertThat(e.actor().onBehalfOf()).isEqualTo(new Ura(URA_B));
                });
        assertThat(auditA).noneMatch(e -> e.detail() != null
                && e.detail().contains(QualificationSetup.bsn("A").value()));

        HttpResponse<String> conditions = search(a.base(), "Condition", QualificationSetup.bsn("A"), token);
        assertThat(conditions.statusCode()).isEqualTo(200);
        assertThat(conditions.body()).contains("\"total\"").contains("Condition/");
        // The same token on R4 (the token endpoint answers there too).
        assertThat(search(a.r4Base(), "Condition", QualificationSetup.bsn("A"), token).statusCode()).isEqualTo(200);
        // The client's id and secret in the body instead of HTTP Basic (RFC 6749 §2.3.1) work as well.
        assertThat(ask(null, grant(QualificationSetup.bsn("A")) + "&client_id=" + URA_B + "&client_secret="
                + CREDENTIAL_B).statusCode()).isEqualTo(200);
        HttpResponse<String> onR4Path = http.send(HttpRequest.newBuilder(URI.create(a.r4Base() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(URA_B, CREDENTIAL_B))
                .POST(HttpRequest.BodyPublishers.ofString(grant(QualificationSetup.bsn("A")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(onR4Path.statusCode()).isEqualTo(200);
    }

    @Test
    void withoutConsentTheRequestIsRefusedAuditedAndNothingIssued() throws Exception {
        int before = issuedCount();
        HttpResponse<String> refused = ask(basic(URA_B, CREDENTIAL_B), grant(QualificationSetup.bsn("B")));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("invalid_scope");
        assertThat(JSON.readTree(refused.body()).get("error_description").asText()).contains("consent");
        assertThat(refused.body()).doesNotContain("access_token");
        assertThat(issuedCount()).as("nothing issued").isEqualTo(before);
        // The consent service was asked (the same question the searches ask), and the refusal is an event of its own.
        assertThat(auditA).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.CONSENT_DECISION);
            assertThat(e.detail()).startsWith("BGZ_ON_REQUEST for " + URA_B);
            assertThat(e.patient().bsn()).isEqualTo(QualificationSetup.bsn("B"));
        });
        assertThat(auditA).filteredOn(e -> e.detail() != null && e.detail().startsWith("BgZ token refused"))
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
                    assertThat(e.patient().bsn()).isEqualTo(QualificationSetup.bsn("B"));
                    assertThat(e.detail()).contains("Ziekenhuis B").contains("no consent for BGZ_ON_REQUEST")
                            .doesNotContain(QualificationSetup.bsn("B").value());
                });

        // A patient this hospital does not hold, who did consent, gets the very same answer: nothing is revealed.
        HttpResponse<String> unknown = ask(basic(URA_B, CREDENTIAL_B), grant(stranger));
        assertThat(unknown.statusCode()).isEqualTo(refused.statusCode());
        assertThat(unknown.body()).isEqualTo(refused.body());
        assertThat(issuedCount()).isEqualTo(before);
        assertThat(auditA).anySatisfy(e -> assertThat(e.detail()).contains("no BgZ of this patient in the store"));
    }

    @Test
    void aWrongOrAbsentCredentialIsRefusedWith401() throws Exception {
        int before = issuedCount();
        String grantA = grant(QualificationSetup.bsn("A"));
        for (String authorization : new String[] {null, basic(URA_B, "wrong"), basic(URA_STRANGER, CREDENTIAL_B),
                basic(QualificationSetup.REQUESTER.value(), QualificationSetup.token("A")), "Bearer " + CREDENTIAL_B}) {
            HttpResponse<String> r = ask(authorization, grantA);
            assertThat(r.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("invalid_client");
        }
        assertThat(issuedCount()).isEqualTo(before);
        assertThat(auditA).filteredOn(e -> e.detail() != null && e.detail().startsWith("BgZ token refused"))
                .hasSize(5).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE));
        assertThat(auditA).as("no consent is asked for an unknown party")
                .noneMatch(e -> e.detail() != null && e.detail().startsWith("BGZ_ON_REQUEST"));

        // A credential of an organisation that is not (or no longer) in the address book.
        HttpResponse<String> stranger = ask(basic(URA_STRANGER, CREDENTIAL_STRANGER), grantA);
        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(stranger.body()).get("error").asText()).isEqualTo("unauthorized_client");
        // Malformed requests.
        assertThat(error(ask(basic(URA_B, CREDENTIAL_B), "grant_type=password&patient=x"))).isEqualTo(
                "unsupported_grant_type");
        assertThat(error(ask(basic(URA_B, CREDENTIAL_B), "grant_type=client_credentials&patient="
                + URLEncoder.encode("http://fhir.nl/fhir/NamingSystem/bsn|123456789", StandardCharsets.UTF_8))))
                .isEqualTo("invalid_request");
        assertThat(error(ask(basic(URA_B, CREDENTIAL_B), grantA + "&patient=x"))).isEqualTo("invalid_request");
        assertThat(http.send(HttpRequest.newBuilder(a.tokenEndpoint()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(issuedCount()).isEqualTo(before);
        // The credential itself reads nothing.
        assertThat(search(a.base(), "Condition", QualificationSetup.bsn("A"), CREDENTIAL_B).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aTokenIssuedForOnePatientNeverReadsAnother() throws Exception {
        String token = tokenFor(QualificationSetup.bsn("A"));
        assertThat(search(a.base(), "Condition", QualificationSetup.bsn("B"), token).statusCode()).isEqualTo(403);
        assertThat(search(a.base(), "Patient", QualificationSetup.bsn("C"), token).statusCode()).isEqualTo(403);
        // Without a patient in the query it reads its own patient only.
        HttpResponse<String> own = http.send(HttpRequest.newBuilder(URI.create(a.base() + "/Patient"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains(QualificationSetup.bsn("A").value())
                .doesNotContain(QualificationSetup.bsn("B").value());
    }

    @Test
    void aTokenExpiresAndConsentIsAskedOnEveryRead() throws Exception {
        String token = tokenFor(QualificationSetup.bsn("A"));
        ahead.set(Duration.ofMinutes(14));
        assertThat(search(a.base(), "Condition", QualificationSetup.bsn("A"), token).statusCode()).isEqualTo(200);
        ahead.set(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(search(a.base(), "Condition", QualificationSetup.bsn("A"), token).statusCode()).isEqualTo(401);

        ahead.set(Duration.ZERO);
        String second = tokenFor(QualificationSetup.bsn("A"));
        consentA.withdraw("consent-A-for-B", Actor.person("privacy", "Privacy Officer", Role.PRIVACY_OFFICER,
                new Ura("90000001")));
        try {
            assertThat(search(a.base(), "Condition", QualificationSetup.bsn("A"), second).statusCode())
                    .as("the consent withdrawn within the token's validity stops its reads").isEqualTo(403);
            assertThat(error(ask(basic(URA_B, CREDENTIAL_B), grant(QualificationSetup.bsn("A")))))
                    .isEqualTo("invalid_scope");
        } finally {
            consentsA.save(consent("consent-A-for-B", QualificationSetup.bsn("A"), Instant.now().minusSeconds(3600)));
        }
    }

    @Test
    void theRequesterObtainsTheTokenFirstAndRunsTheQuerySetWithIt() {
        PeerNode hospitalA = new PeerNode("Ziekenhuis A", a.base());
        RequestOutcome outcome = requesterB.request(patient(QualificationSetup.bsn("A")), hospitalA,
                new PeerAccess.ConsentFlow(a.tokenEndpoint(), URA_B, CREDENTIAL_B), CLINICIAN_B);
        assertThat(outcome.queries()).hasSize(27);
        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.resources()).isGreaterThan(50);
        assertThat(auditA).filteredOn(e -> e.type() == EventType.QUERY).hasSizeGreaterThanOrEqualTo(27);
        assertThat(auditB).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.RETRIEVE);
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        });
    }

    @Test
    void aRefusalRefusesTheWholeRequestNeverAnEmptyBgz() {
        PeerNode hospitalA = new PeerNode("Ziekenhuis A", a.base());
        assertThatThrownBy(() -> requesterB.request(patient(QualificationSetup.bsn("B")), hospitalA,
                new PeerAccess.ConsentFlow(a.tokenEndpoint(), URA_B, CREDENTIAL_B), CLINICIAN_B))
                .isInstanceOfSatisfying(AccessRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(AccessRefusedException.Reason.NO_CONSENT);
                    assertThat(e.messageNl()).contains("Ziekenhuis A gaf geen toegang").contains("toestemming");
                    assertThat(e.messageEn()).contains("Ziekenhuis A did not give access").contains("consented");
                });
        assertThat(auditA).as("no query was sent").noneMatch(e -> e.type() == EventType.QUERY);
        assertThat(auditB).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.RETRIEVE);
            assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
            assertThat(e.patient().bsn()).isEqualTo(QualificationSetup.bsn("B"));
            assertThat(e.detail()).contains("refused: no token by its consent flow, NO_CONSENT")
                    .contains("no query sent").doesNotContain(QualificationSetup.bsn("B").value());
        });

        auditB.clear();
        assertThatThrownBy(() -> requesterB.request(patient(QualificationSetup.bsn("A")), hospitalA,
                new PeerAccess.ConsentFlow(a.tokenEndpoint(), URA_B, "not-our-credential"), CLINICIAN_B))
                .isInstanceOfSatisfying(AccessRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(AccessRefusedException.Reason.NOT_AUTHORISED));
        assertThatThrownBy(() -> requesterB.request(patient(QualificationSetup.bsn("A")), hospitalA,
                new PeerAccess.ConsentFlow(URI.create("http://127.0.0.1:9/fhir/stu3/token"), URA_B, CREDENTIAL_B),
                CLINICIAN_B)).isInstanceOfSatisfying(AccessRefusedException.class, e -> assertThat(e.reason())
                .isEqualTo(AccessRefusedException.Reason.NO_ANSWER));
        assertThat(auditB).hasSize(2).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE));
    }

    private String tokenFor(Bsn patient) throws Exception {
        HttpResponse<String> r = ask(basic(URA_B, CREDENTIAL_B), grant(patient));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private HttpResponse<String> ask(String authorization, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(a.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> search(URI base, String type, Bsn patient, String token) throws Exception {
        String param = "Patient".equals(type) ? "identifier" : "patient.identifier";
        return http.send(HttpRequest.newBuilder(URI.create(base + "/" + type + "?" + param + "="
                        + URLEncoder.encode("http://fhir.nl/fhir/NamingSystem/bsn|" + patient.value(),
                        StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token)
                .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private int issuedCount() {
        return issued.size();
    }

    private static String error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).get("error").asText();
    }

    static String grant(Bsn patient) {
        return "grant_type=client_credentials&patient=" + URLEncoder.encode("http://fhir.nl/fhir/NamingSystem/bsn|"
                + patient.value(), StandardCharsets.UTF_8);
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static ConsentRecord consent(String id, Bsn patient, Instant from) {
        return new ConsentRecord(id, patient, Purpose.BGZ_ON_REQUEST, true, new Scope.OneInstitution(new Ura(URA_B)),
                Set.of(), from, null, new ConsentRecord.Recording(ConsentRecord.Method.WRITTEN, "test", from), null);
    }

    static MpiPatient patient(Bsn bsn) {
        return new MpiPatient("B-" + bsn.value().substring(5), "urn:oid:2.16.528.1.1007.99.2", bsn, BsnStatus.VERIFIED,
                "Test", "T.", "19800101", "M");
    }

    /** A BSN that passes the 11-proof, generated, and none of the fixtures' patients. */
    static Bsn generatedBsn() {
        java.util.Random random = new java.util.Random(19);
        while (true) {
            int[] d = new int[9];
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                d[i] = i == 0 ? 1 + random.nextInt(9) : random.nextInt(10);
                sum += (9 - i) * d[i];
            }
            int last = sum % 11;
            if (last > 9) {
                continue;
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                s.append(d[i]);
            }
            String value = s.append(last).toString();
            if (Bsn.isValid(value) && QualificationSetup.PATIENTS.values().stream().noneMatch(p -> p[1].equals(value))) {
                return Bsn.parse(value);
            }
        }
    }
}

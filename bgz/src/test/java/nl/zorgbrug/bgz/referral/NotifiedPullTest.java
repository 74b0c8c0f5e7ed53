package nl.zorgbrug.bgz.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentRegister;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.InMemoryConsentStore;
import nl.zorgbrug.audit.consent.Shielding;
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
import nl.zorgbrug.bgz.receive.BgzInbox;
import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.InMemoryReceivedBgzStore;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.receive.ReceivedQuery;
import nl.zorgbrug.bgz.request.BgzRequester;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.stu3.BgzStu3Server;
import nl.zorgbrug.bgz.testscript.NictizSuite;
import nl.zorgbrug.bgz.testscript.QualificationSetup;
import nl.zorgbrug.bgz.testscript.Stu3Endpoint;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 19, Sturend and Ontvangend by Notified Pull, two endpoints in one test: hospital A (the Nictiz fixtures in its
 * store, no consent recorded, drug use shielded for patient A) sends patient A's BgZ with a referral to hospital B;
 * B takes the Task, pulls with the Task's token and stores the BgZ as received. The referral is the legal basis
 * throughout; the shielded zib stays at A; the token reads only its patient and expires; a BSN that is not validated
 * sends nothing; a Task B refuses revokes its token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotifiedPullTest {
    static final String URA_A = "90000001";
    static final String URA_B = "90000002";
    static final String NOTIFY_TOKEN = "notify-from-a";
    static final Actor CLINICIAN = Actor.person("dr-a", "Dr. A", Role.CLINICIAN, new Ura(URA_A));

    final List<AuditEvent> auditA = new CopyOnWriteArrayList<>();
    final List<AuditEvent> auditB = new CopyOnWriteArrayList<>();
    final InMemoryIssuedTokenStore issued = new InMemoryIssuedTokenStore();
    final InMemoryReceivedBgzStore receivedB = new InMemoryReceivedBgzStore();
    Stu3Endpoint a;
    Stu3Endpoint b;
    BgzReferralSender sender;

    @BeforeAll
    void start() throws Exception {
        Clock clock = Clock.systemUTC();
        InMemoryConsentStore consentsA = new InMemoryConsentStore();
        consentsA.save(new Shielding("shield-drugs", QualificationSetup.bsn("A"), Set.of(DataCategory.DRUG_USE),
                new ConsentRecord.Recording(ConsentRecord.Method.WRITTEN, "test", Instant.now().minusSeconds(60)),
                null));
        ConsentService consentA = new ConsentService(consentsA, new ConsentRegister(consentsA), auditA::addAll, clock);
        InMemoryResourceStore storeA = new InMemoryResourceStore();
        TokenLookup tokensA = new TokenTable(QualificationSetup.tokens()).or(new IssuedTokens(issued, clock));
        a = new Stu3Endpoint(BgzStu3Server.create(storeA, tokensA, consentA, auditA::addAll, clock),
                BgzR4Server.create(storeA, tokensA, consentA, auditA::addAll, clock), Files.createTempDirectory("bgz-a"));
        assertThat(NictizSuite.problems(NictizSuite.run(a.base(), List.of()))).isEmpty();

        BgzRequester requesterB = new BgzRequester(FhirContext.forDstu3Cached(), HttpClient.newHttpClient(),
                Duration.ofSeconds(10), auditB::addAll, clock);
        BgzInbox inboxB = new BgzInbox(receivedB, auditB::addAll, clock);
        BgzSource hospitalA = new BgzSource("zha", "Ziekenhuis A", URA_A, a.base().toString());
        BgzTaskReceiver receiverB = new BgzTaskReceiver(URA_B, ura -> ura.equals(URA_A) ? Optional.of(hospitalA)
                : Optional.empty(), requesterB, inboxB, Runnable::run, Actor.system("node-b", new Ura(URA_B)),
                auditB::addAll, clock);
        InMemoryConsentStore consentsB = new InMemoryConsentStore();
        b = new Stu3Endpoint(BgzStu3Server.create(new InMemoryResourceStore(), new TokenTable(List.of(
                new AccessToken(NOTIFY_TOKEN, null, new Ura(URA_A), "V4", false, true, null, Set.of()),
                new AccessToken("read-only", QualificationSetup.bsn("A"), new Ura(URA_A), "V4", false))),
                new ConsentService(consentsB, new ConsentRegister(consentsB), auditB::addAll, clock), auditB::addAll,
                clock, receiverB), Files.createTempDirectory("bgz-b"));
        sender = new BgzReferralSender(FhirContext.forDstu3Cached(), Duration.ofSeconds(10),
                issued, Duration.ofHours(1), URA_A, "Ziekenhuis A", auditA::addAll, clock);
    }

    @AfterAll
    void stop() throws Exception {
        a.close();
        b.close();
    }

    @BeforeEach
    void clear() {
        auditA.clear();
        auditB.clear();
    }

    @Test
    void aReferralMakesTheBgzAvailableAndTheReceiverPullsAndStoresIt() {
        NotifiedPull sent = sender.send(patientA(BsnStatus.VERIFIED_AND_VALIDATED), "verwijzing-42",
                receiverB(NOTIFY_TOKEN, nl.zorgbrug.bgz.specialism.Specialism.CARDIOLOGY), CLINICIAN);
        assertThat(sent.specialism()).isEqualTo(nl.zorgbrug.bgz.specialism.Specialism.CARDIOLOGY);

        ReceivedBgz got = receivedB.recent(10).stream().filter(r -> "verwijzing-42".equals(r.reference()))
                .map(r -> receivedB.find(r.id()).orElseThrow()).findFirst().orElseThrow();
        assertThat(got.occasion()).isEqualTo(Occasion.REFERRAL);
        assertThat(got.source().name()).isEqualTo("Ziekenhuis A");
        assertThat(got.patient()).isEqualTo(QualificationSetup.bsn("A"));
        assertThat(got.receivedBy()).isEqualTo("node-b");
        assertThat(got.specialism()).as("B's department the referral is for, from the Task's owner")
                .isEqualTo(nl.zorgbrug.bgz.specialism.Specialism.CARDIOLOGY);
        assertThat(got.queries()).hasSize(27).allMatch(ReceivedQuery::ok);
        assertThat(got.resources()).isGreaterThan(50);
        // The shielded zib (drug use) stayed at A, also without consent on referral.
        assertThat(got.queries()).filteredOn(q -> q.query().contains("228366006")).singleElement()
                .satisfies(q -> assertThat(q.total()).isZero());
        assertThat(got.queries()).filteredOn(q -> q.query().contains("228273003")).singleElement()
                .satisfies(q -> assertThat(q.total()).isPositive());

        // A: the send and every read with the token have the referral as legal basis; consent asked for the referral.
        assertThat(auditA).filteredOn(e -> e.type() == EventType.SEND).singleElement().satisfies(e -> {
            assertThat(e.legalBasis()).isEqualTo(new LegalBasis.Referral("verwijzing-42"));
            assertThat(e.destination().name()).isEqualTo("Ziekenhuis B");
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        });
        assertThat(auditA).filteredOn(e -> e.type() == EventType.QUERY).hasSize(27)
                .allSatisfy(e -> assertThat(e.legalBasis()).isEqualTo(new LegalBasis.Referral("verwijzing-42")));
        assertThat(auditA).filteredOn(e -> e.type() == EventType.CONSENT_DECISION).isNotEmpty()
                .allSatisfy(e -> assertThat(e.detail()).startsWith("BGZ_ON_REFERRAL"));
        // B: the Task's receipt, the pull and the stored BgZ, each with the referral.
        assertThat(auditB).filteredOn(e -> e.type() == EventType.RECEIVE).hasSize(2)
                .allSatisfy(e -> assertThat(e.legalBasis()).isEqualTo(new LegalBasis.Referral("verwijzing-42")));
        assertThat(auditB).filteredOn(e -> e.type() == EventType.RETRIEVE).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("27 queries, 0 failed"));

        // The token reads only its patient, and nothing once it expired.
        String bearer = "Bearer " + sent.token();
        assertThat(get(a.base() + "/Condition?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C"
                + QualificationSetup.bsn("B").value(), bearer)).isEqualTo(403);
        assertThat(get(a.base() + "/Condition", bearer)).isEqualTo(200);
        // The same token reads the same data on R4, where the Task's ProcedureRequest is called ServiceRequest.
        assertThat(get(a.r4Base() + "/ServiceRequest", bearer)).isEqualTo(200);
        assertThat(get(a.r4Base() + "/Condition", bearer)).isEqualTo(200);
        IssuedTokens later = new IssuedTokens(issued, Clock.fixed(sent.expiresAt().plusSeconds(1), ZoneOffset.UTC));
        assertThat(later.fromAuthorization(bearer)).isEmpty();
        assertThat(new IssuedTokens(issued, Clock.systemUTC()).fromAuthorization(bearer)).isPresent();
    }

    @Test
    void aBsnThatIsNotValidatedSendsNothing() {
        assertThatThrownBy(() -> sender.send(patientA(BsnStatus.VERIFIED), "verwijzing-43", receiverB(NOTIFY_TOKEN),
                CLINICIAN)).isInstanceOf(ShareRefusedException.class).hasMessageContaining("validated");
        assertThat(auditA).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.SEND);
            assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
        });
        assertThat(auditB).isEmpty();
    }

    @Test
    void aTaskTheReceiverRefusesRevokesItsToken() {
        assertThatThrownBy(() -> sender.send(patientA(BsnStatus.VALIDATED), "verwijzing-44", receiverB("read-only"),
                CLINICIAN)).isInstanceOf(TaskNotDeliveredException.class)
                .satisfies(e -> assertThat(((TaskNotDeliveredException) e).status()).isEqualTo(403));
        String taskId = auditA.stream().filter(e -> e.type() == EventType.SEND).findFirst().orElseThrow()
                .objects().get(0).id().substring("Task/".length());
        assertThat(issued.byTask(taskId)).get().satisfies(t -> assertThat(t.revoked()).isTrue());
        assertThat(receivedB.recent(10)).noneMatch(r -> "verwijzing-44".equals(r.reference()));
        assertThat(auditB).filteredOn(e -> e.type() == EventType.RECEIVE).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE));
    }

    private Receiver receiverB(String notifyToken) {
        return receiverB(notifyToken, null);
    }

    private Receiver receiverB(String notifyToken, nl.zorgbrug.bgz.specialism.Specialism specialism) {
        return new Receiver("zhb", "Ziekenhuis B", URA_B, "V4", b.base(), notifyToken, specialism);
    }

    private static MpiPatient patientA(BsnStatus status) {
        return new MpiPatient("A-1", "urn:oid:2.16.528.1.1007.99.1", QualificationSetup.bsn("A"), status,
                "van Houten", "J.A.H.", "19800101", "M");
    }

    private static int get(String uri, String authorization) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
                    .header("Accept", "application/fhir+json").header("Authorization", authorization).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package nl.zorgbrug.bgz.stu3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentRegister;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.InMemoryConsentStore;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Scope;
import nl.zorgbrug.audit.consent.Shielding;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.access.TokenTable;
import nl.zorgbrug.bgz.r4.BgzR4Server;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.testscript.Stu3Endpoint;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.Condition;
import org.hl7.fhir.dstu3.model.Observation;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.hl7.fhir.dstu3.model.Patient;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, access and bad input on the STU3 endpoint: a token reads only its own patient; no consent is a 403 and an
 * audit event; shielded zibs never leave; a wrong token, malformed FHIR, an unknown search parameter or a transaction
 * with one bad entry give an OperationOutcome with a 4xx and store nothing. Test patients are generated (BSNs that
 * pass the 11-proof, test values only).
 */
class BgzAccessTest {
    static final FhirContext CTX = FhirContext.forDstu3Cached();
    static final Ura REQUESTER = new Ura("90000123");
    static final String SNOMED = "http://snomed.info/sct";
    static final String ZIB = "http://nictiz.nl/fhir/StructureDefinition/";

    final Random random = new Random(19);
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    /** Holds the audit trail's writes while closed: shows what a caller can have before its read is recorded. */
    volatile CountDownLatch auditGate = new CountDownLatch(0);
    final InMemoryConsentStore consents = new InMemoryConsentStore();
    final InMemoryResourceStore store = new InMemoryResourceStore();
    final HttpClient http = HttpClient.newHttpClient();
    Bsn anna;
    Bsn bart;
    Bsn carla;
    Stu3Endpoint endpoint;

    @BeforeEach
    void start(@TempDir Path work) throws Exception {
        anna = bsn();
        bart = bsn();
        carla = bsn();
        Instant from = Instant.now().minusSeconds(60);
        for (Bsn b : List.of(anna, bart)) {
            consents.save(new ConsentRecord("c-" + b.value(), b, Purpose.BGZ_ON_REQUEST, true,
                    new Scope.OneInstitution(REQUESTER), Set.of(), from, null,
                    new ConsentRecord.Recording(ConsentRecord.Method.WRITTEN, "test", from), null));
        }
        ConsentService consent = new ConsentService(consents, new ConsentRegister(consents), audit::addAll,
                Clock.systemUTC());
        AuditLog trail = events -> {
            try {
                auditGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            audit.addAll(events);
        };
        TokenTable tokens = new TokenTable(List.of(
                new AccessToken("token-anna", anna, REQUESTER, "V4", false),
                new AccessToken("token-bart", bart, REQUESTER, "V4", false),
                new AccessToken("token-carla", carla, REQUESTER, "V4", false),
                new AccessToken("token-epd", null, null, null, true)));
        endpoint = new Stu3Endpoint(BgzStu3Server.create(store, tokens, consent, trail, Clock.systemUTC()),
                BgzR4Server.create(store, tokens, consent, trail, Clock.systemUTC()), work);
        for (Bsn b : List.of(anna, bart, carla)) {
            String p = "p" + b.value().substring(5);
            Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            add(tx, patient(p, b));
            add(tx, observation("drug-" + p, p, "228366006", "zib-DrugUse"));
            add(tx, observation("alcohol-" + p, p, "228273003", "zib-AlcoholUse"));
            add(tx, problem("problem-" + p, p));
            assertThat(send("POST", "", "token-epd", CTX.newJsonParser().encodeResourceToString(tx)).statusCode())
                    .isEqualTo(200);
        }
        audit.clear();
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    @Test
    void aTokenReadsItsOwnPatientAndNeverAnother() throws Exception {
        HttpResponse<String> own = get("Condition?patient.identifier=" + bsnToken(anna), "token-anna");
        assertThat(own.statusCode()).isEqualTo(200);
        Bundle b = (Bundle) CTX.newJsonParser().parseResource(own.body());
        assertThat(b.getTotal()).isEqualTo(1);
        assertThat(b.getEntryFirstRep().getFullUrl()).startsWith(endpoint.base().toString() + "/Condition/");

        HttpResponse<String> other = get("Condition?patient.identifier=" + bsnToken(bart), "token-anna");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("OperationOutcome").doesNotContain("problem-");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.QUERY);
            assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
            assertThat(e.patient().bsn()).isEqualTo(bart);
            assertThat(e.detail()).contains("another patient").doesNotContain(bart.value());
        });

        // Without a patient parameter the token's patient is read, and only that one.
        Bundle mine = search("Observation?code=" + SNOMED + "|228366006", "token-bart");
        assertThat(mine.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly("drug-p" + bart.value().substring(5));
    }

    @Test
    void noConsentIsRefusedWith403AndAnAuditEvent() throws Exception {
        HttpResponse<String> r = get("Condition?patient.identifier=" + bsnToken(carla), "token-carla");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("OperationOutcome").contains("consent").doesNotContain("problem-");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.CONSENT_DECISION);
            assertThat(e.patient().bsn()).isEqualTo(carla);
        });
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.QUERY);
            assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
            assertThat(e.detail()).contains("no consent");
            assertThat(e.objects()).isEmpty();
        });
    }

    @Test
    void shieldedZibsAreInNoResponse() throws Exception {
        Instant from = Instant.now().minusSeconds(30);
        consents.save(new Shielding("s-1", anna, Set.of(DataCategory.DRUG_USE), new ConsentRecord.Recording(
                ConsentRecord.Method.WRITTEN, "test", from), null));
        String p = "p" + anna.value().substring(5);
        assertThat(search("Observation?patient.identifier=" + bsnToken(anna) + "&code=" + SNOMED + "|228366006",
                "token-anna").getEntry()).isEmpty();
        Bundle both = search("Observation?patient.identifier=" + bsnToken(anna) + "&code=" + SNOMED + "|228366006,"
                + SNOMED + "|228273003", "token-anna");
        assertThat(both.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly("alcohol-" + p);
        assertThat(both.getTotal()).isEqualTo(1);
        // The same zib for a patient who shields nothing still goes out.
        assertThat(search("Observation?code=" + SNOMED + "|228366006", "token-bart").getTotal()).isEqualTo(1);
    }

    /**
     * A Provenance naming a shielded zib beside released ones goes out without the shielded zib's target, on the
     * stored-JSON path, HAPI's (XML), the $bgz document and R4 alike; one naming only shielded zibs not at all; the
     * audit names no removed target; a patient who shields nothing gets the same Provenance whole.
     */
    @Test
    void aProvenanceNamesNoShieldedZibOnAnyPath() throws Exception {
        String pa = "p" + anna.value().substring(5);
        String pb = "p" + bart.value().substring(5);
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (String p : List.of(pa, pb)) {
            add(tx, provenance("prov-mixed-" + p, "Condition/problem-" + p, "Observation/drug-" + p,
                    "Observation/alcohol-" + p));
            add(tx, provenance("prov-drug-" + p, "Observation/drug-" + p));
        }
        assertThat(send("POST", "", "token-epd", CTX.newJsonParser().encodeResourceToString(tx)).statusCode())
                .isEqualTo(200);
        consents.save(new Shielding("s-prov", anna, Set.of(DataCategory.DRUG_USE), new ConsentRecord.Recording(
                ConsentRecord.Method.WRITTEN, "test", Instant.now().minusSeconds(30)), null));
        audit.clear();
        List<String> released = List.of("Condition/problem-" + pa, "Observation/alcohol-" + pa);

        String condition = "Condition?patient.identifier=" + bsnToken(anna) + "&_revinclude=Provenance:target";
        HttpResponse<String> json = get(condition, "token-anna");
        HttpResponse<String> xml = http.send(request(condition, "token-anna", "application/fhir+xml"),
                HttpResponse.BodyHandlers.ofString());
        for (HttpResponse<String> r : List.of(json, xml)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("drug-" + pa);
        }
        for (Bundle b : List.of((Bundle) CTX.newJsonParser().parseResource(json.body()),
                (Bundle) CTX.newXmlParser().parseResource(xml.body()))) {
            assertThat(targets(b, "prov-mixed-" + pa)).containsExactlyElementsOf(released);
            assertThat(ids(b)).containsExactly("problem-" + pa, "prov-mixed-" + pa);
        }

        // The Observation search matches the alcohol use only: prov-drug names nothing released and is absent.
        Bundle use = search("Observation?patient.identifier=" + bsnToken(anna) + "&code=" + SNOMED + "|228366006,"
                + SNOMED + "|228273003&_revinclude=Provenance:target", "token-anna");
        assertThat(ids(use)).containsExactly("alcohol-" + pa, "prov-mixed-" + pa);
        assertThat(targets(use, "prov-mixed-" + pa)).containsExactlyElementsOf(released);

        HttpResponse<String> document = get("Patient/$bgz", "token-anna");
        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        assertThat(document.body()).doesNotContain("drug-" + pa);
        Bundle doc = (Bundle) CTX.newJsonParser().parseResource(document.body());
        assertThat(targets(doc, "prov-mixed-" + pa)).containsExactlyInAnyOrderElementsOf(released);
        assertThat(ids(doc)).doesNotContain("prov-drug-" + pa);

        HttpResponse<String> r4 = getR4(condition, "token-anna");
        assertThat(r4.statusCode()).as(r4.body()).isEqualTo(200);
        assertThat(r4.body()).doesNotContain("drug-" + pa);
        org.hl7.fhir.r4.model.Bundle r4Bundle = (org.hl7.fhir.r4.model.Bundle) BgzR4Server.context().newJsonParser()
                .parseResource(r4.body());
        assertThat(r4Bundle.getEntry()).filteredOn(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Provenance)
                .singleElement().satisfies(e -> assertThat(((org.hl7.fhir.r4.model.Provenance) e.getResource())
                        .getTarget()).extracting(t -> t.getReference()).containsExactlyElementsOf(released));

        assertThat(audit).filteredOn(e -> e.type() == EventType.QUERY).hasSize(5)
                .flatExtracting(AuditEvent::objects).extracting(o -> o.id())
                .contains("Provenance/prov-mixed-" + pa)
                .noneMatch(id -> id.contains("drug-" + pa));

        // The whole BgZ as one R4 document: the same Provenance, converted.
        HttpResponse<String> r4Document = getR4("Patient/$bgz", "token-anna");
        assertThat(r4Document.statusCode()).as(r4Document.body()).isEqualTo(200);
        assertThat(r4Document.body()).doesNotContain("drug-" + pa).contains("prov-mixed-" + pa)
                .doesNotContain("prov-drug-" + pa);

        // Bart shields nothing: his Provenance goes out whole.
        Bundle whole = search("Condition?_revinclude=Provenance:target", "token-bart");
        assertThat(targets(whole, "prov-mixed-" + pb)).containsExactly("Condition/problem-" + pb,
                "Observation/drug-" + pb, "Observation/alcohol-" + pb);
    }

    static org.hl7.fhir.dstu3.model.Provenance provenance(String id, String... targets) {
        org.hl7.fhir.dstu3.model.Provenance p = new org.hl7.fhir.dstu3.model.Provenance();
        p.setId(id);
        p.getMeta().addProfile(ZIB + "BgZ-Metadata");
        for (String t : targets) {
            p.addTarget(new Reference(t).setDisplay("about " + t));
        }
        p.setRecorded(new java.util.Date(1_700_000_000_000L));
        p.getText().setStatus(org.hl7.fhir.dstu3.model.Narrative.NarrativeStatus.GENERATED)
                .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">Doel: " + String.join(", ", targets)
                        + "</div>");
        return p;
    }

    static List<String> ids(Bundle b) {
        return b.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    /** The target references of the Provenance {@code id} in {@code b} (it must be there once). */
    static List<String> targets(Bundle b, String id) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof org.hl7.fhir.dstu3.model.Provenance
                        && r.getIdElement().getIdPart().equals(id))
                .map(r -> (org.hl7.fhir.dstu3.model.Provenance) r).reduce((x, y) -> {
                    throw new AssertionError(id + " twice");
                }).orElseThrow(() -> new AssertionError(id + " not served")).getTarget().stream()
                .map(Reference::getReference).toList();
    }

    /** The R4 endpoint asks the same consent and leaves out the same shielded zibs (issue 19, R4 / zib2020). */
    @Test
    void r4RefusesWithoutConsentAndLeavesShieldedZibsOut() throws Exception {
        HttpResponse<String> none = getR4("Condition?patient.identifier=" + bsnToken(carla), "token-carla");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("OperationOutcome").contains("consent").doesNotContain("problem-");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.QUERY);
            assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
            assertThat(e.detail()).startsWith("FHIR R4").contains("no consent");
        });

        consents.save(new Shielding("s-r4", anna, Set.of(DataCategory.DRUG_USE), new ConsentRecord.Recording(
                ConsentRecord.Method.WRITTEN, "test", Instant.now().minusSeconds(30)), null));
        HttpResponse<String> both = getR4("Observation?patient.identifier=" + bsnToken(anna) + "&code=" + SNOMED
                + "|228366006," + SNOMED + "|228273003", "token-anna");
        assertThat(both.statusCode()).isEqualTo(200);
        org.hl7.fhir.r4.model.Bundle b = (org.hl7.fhir.r4.model.Bundle) BgzR4Server.context().newJsonParser()
                .parseResource(both.body());
        assertThat(b.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly("alcohol-p" + anna.value().substring(5));
        assertThat(b.getTotal()).isEqualTo(1);
    }

    @Test
    void aSpaceAfterTheCommaOfATokenListIsTolerated() throws Exception {
        Bundle b = search("Observation?patient.identifier=" + bsnToken(anna) + "&code=" + SNOMED + "|228366006, "
                + SNOMED + "|228273003", "token-anna");
        assertThat(b.getTotal()).isEqualTo(2);
        assertThat(b.getLink("self").getUrl()).contains("code=");
    }

    @Test
    void wrongOrMissingTokenIs401WithAnOperationOutcome() throws Exception {
        for (String token : new String[] {"token-nobody", null}) {
            HttpResponse<String> r = get("Condition?patient.identifier=" + bsnToken(anna), token);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(CTX.newJsonParser().parseResource(r.body())).isInstanceOf(OperationOutcome.class);
            assertThat(r.body()).doesNotContain("problem-");
        }
        assertThat(audit).filteredOn(e -> e.outcome() == Outcome.MINOR_FAILURE).hasSize(2);
        // A reading token may not feed, a feeding token may not read.
        assertThat(send("PUT", "/Patient/x", "token-anna", CTX.newJsonParser().encodeResourceToString(
                patient("x", bsn()))).statusCode()).isEqualTo(403);
        assertThat(get("Condition?patient.identifier=" + bsnToken(anna), "token-epd").statusCode()).isEqualTo(403);
        assertThat(store.read("Patient", "x")).isEmpty();
    }

    @Test
    void badInputIsA4xxOperationOutcomeAndStoresNothing() throws Exception {
        HttpResponse<String> json = send("PUT", "/Patient/broken", "token-epd", "{\"resourceType\":\"Patient\",");
        assertThat(json.statusCode()).isEqualTo(400);
        HttpResponse<String> xml = sendXml("PUT", "/Patient/broken", "<Patient xmlns=\"http://hl7.org/fhir\"><id value=");
        assertThat(xml.statusCode()).isEqualTo(400);
        assertThat(store.read("Patient", "broken")).isEmpty();

        HttpResponse<String> unknown = get("Condition?patient.identifier=" + bsnToken(anna) + "&onset-date=2020",
                "token-anna");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(CTX.newJsonParser().parseResource(unknown.body())).isInstanceOf(OperationOutcome.class);
        assertThat(unknown.body()).doesNotContain("problem-");
        assertThat(get("Condition?patient.identifier=" + bsnToken(anna) + "&_include=Condition:subject",
                "token-anna").statusCode()).isEqualTo(400);

        // One bad entry refuses the whole transaction: nothing of it is stored.
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        add(tx, problem("new-problem", "p" + anna.value().substring(5)));
        tx.addEntry().setResource(problem("posted", "x")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
        HttpResponse<String> r = send("POST", "", "token-epd", CTX.newJsonParser().encodeResourceToString(tx));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(store.read("Condition", "new-problem")).isEmpty();

        // A Patient whose BSN fails the 11-proof is refused with a 422 that does not repeat the number.
        Patient wrong = patient("wrong", anna);
        wrong.getIdentifierFirstRep().setValue("123456789");
        HttpResponse<String> w = send("PUT", "/Patient/wrong", "token-epd", CTX.newJsonParser().encodeResourceToString(wrong));
        assertThat(w.statusCode()).isEqualTo(422);
        assertThat(w.body()).doesNotContain("123456789");
    }

    @Test
    void theCapabilityStatementNamesTheBgzSearchesAndNeedsNoToken() throws Exception {
        HttpResponse<String> r = get("metadata", null);
        assertThat(r.statusCode()).isEqualTo(200);
        org.hl7.fhir.dstu3.model.CapabilityStatement cs = (org.hl7.fhir.dstu3.model.CapabilityStatement)
                CTX.newJsonParser().parseResource(r.body());
        var observation = cs.getRestFirstRep().getResource().stream()
                .filter(x -> x.getType().equals("Observation")).findFirst().orElseThrow();
        assertThat(observation.getSearchParam()).extracting(p -> p.getName())
                .contains("patient", "category", "code");
        assertThat(observation.getSearchInclude()).extracting(i -> i.getValue()).contains("Observation:related-target");
        assertThat(observation.getSearchRevInclude()).extracting(i -> i.getValue()).contains("Provenance:target");
        assertThat(observation.getInteraction()).extracting(i -> i.getCode().toCode())
                .containsExactlyInAnyOrder("search-type", "update");
        assertThat(cs.getRestFirstRep().getResource()).extracting(x -> x.getType())
                .doesNotContain("Composition", "DiagnosticReport");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    Bsn bsn() {
        while (true) {
            StringBuilder s = new StringBuilder("9");
            for (int i = 0; i < 8; i++) {
                s.append(random.nextInt(10));
            }
            if (Bsn.isValid(s.toString())) {
                return Bsn.parse(s.toString());
            }
        }
    }

    HttpResponse<String> getR4(String pathAndQuery, String token) throws Exception {
        int q = pathAndQuery.indexOf('?');
        String url = endpoint.r4Base() + "/" + (q < 0 ? pathAndQuery : pathAndQuery.substring(0, q) + "?"
                + encode(pathAndQuery.substring(q + 1)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A search serving more resources than one audit record holds (AuditInterceptor.RESOURCES_PER_EVENT) is written as
     * several events of the request, together naming every resource served, each saying which part.
     */
    @Test
    void aSearchServingManyResourcesIsAuditedInPartsNamingEveryOne() throws Exception {
        String p = "p" + anna.value().substring(5);
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 250; i++) {
            add(tx, observation("alcohol-" + i + "-" + p, p, "228273003", "zib-AlcoholUse"));
        }
        assertThat(send("POST", "", "token-epd", CTX.newJsonParser().encodeResourceToString(tx)).statusCode())
                .isEqualTo(200);
        audit.clear();

        Bundle b = search("Observation?patient.identifier=" + bsnToken(anna) + "&code=" + SNOMED + "|228273003",
                "token-anna");
        assertThat(b.getTotal()).isEqualTo(251);
        List<AuditEvent> queries = audit.stream().filter(e -> e.type() == EventType.QUERY).toList();
        assertThat(queries).hasSize(3);
        assertThat(queries).extracting(e -> e.objects().size()).containsExactly(100, 100, 51);
        assertThat(queries).extracting(AuditEvent::detail).satisfiesExactly(
                d -> assertThat(d).endsWith("251 resources (1-100 in this record)"),
                d -> assertThat(d).endsWith("251 resources (101-200 in this record)"),
                d -> assertThat(d).endsWith("251 resources (201-251 in this record)"));
        assertThat(queries.stream().flatMap(e -> e.objects().stream()).map(o -> o.id()).distinct().count())
                .isEqualTo(251);
        assertThat(queries).allSatisfy(e -> assertThat(e.patient().bsn()).isEqualTo(anna));
    }

    /**
     * The read is in the trail before its answer leaves (NEN 7513): while the trail cannot be written the caller gets
     * nothing, on the stored-JSON path and on HAPI's (XML) alike; once written, the answer follows and the event is
     * there when the caller has it.
     */
    @Test
    void noAnswerLeavesBeforeItsReadIsInTheTrail() throws Exception {
        auditGate = new CountDownLatch(1);
        String query = "Condition?patient.identifier=" + bsnToken(anna);
        CompletableFuture<HttpResponse<String>> json = http.sendAsync(request(query, "token-anna",
                "application/fhir+json"), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> xml = http.sendAsync(request(query, "token-anna",
                "application/fhir+xml"), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1000);
        assertThat(json).as("JSON answer while its read is not yet recorded").isNotDone();
        assertThat(xml).as("XML answer while its read is not yet recorded").isNotDone();

        auditGate.countDown();
        assertThat(json.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(xml.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(audit).filteredOn(e -> e.type() == EventType.QUERY).hasSize(2)
                .allSatisfy(e -> assertThat(e.objects()).hasSize(1));
    }

    static String bsnToken(Bsn b) {
        return "http://fhir.nl/fhir/NamingSystem/bsn|" + b.value();
    }

    static Patient patient(String id, Bsn b) {
        Patient p = new Patient();
        p.setId(id);
        p.getMeta().addProfile("http://fhir.nl/fhir/StructureDefinition/nl-core-patient");
        p.addIdentifier().setSystem("http://fhir.nl/fhir/NamingSystem/bsn").setValue(b.value());
        return p;
    }

    static Observation observation(String id, String patient, String code, String zib) {
        Observation o = new Observation();
        o.setId(id);
        o.getMeta().addProfile(ZIB + zib);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept(new Coding(SNOMED, code, code)));
        o.setSubject(new Reference("Patient/" + patient));
        return o;
    }

    static Condition problem(String id, String patient) {
        Condition c = new Condition();
        c.setId(id);
        c.getMeta().addProfile(ZIB + "zib-Problem");
        c.setSubject(new Reference("Patient/" + patient));
        return c;
    }

    static void add(Bundle tx, Resource r) {
        tx.addEntry().setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(r.fhirType() + "/" + r.getIdElement().getIdPart());
    }

    Bundle search(String query, String token) throws Exception {
        HttpResponse<String> r = get(query, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (Bundle) CTX.newJsonParser().parseResource(r.body());
    }

    HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        return http.send(request(pathAndQuery, token, "application/fhir+json"), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest request(String pathAndQuery, String token, String accept) {
        int q = pathAndQuery.indexOf('?');
        String url = endpoint.base() + "/" + (q < 0 ? pathAndQuery : pathAndQuery.substring(0, q) + "?"
                + encode(pathAndQuery.substring(q + 1)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", accept);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.GET().build();
    }

    HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint.base() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                .header("Accept", "application/fhir+json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> sendXml(String method, String path, String xml) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint.base() + path))
                .header("Authorization", "Bearer token-epd").header("Content-Type", "application/fhir+xml")
                .method(method, HttpRequest.BodyPublishers.ofString(xml)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String encode(String query) {
        StringBuilder sb = new StringBuilder();
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p, 0, eq + 1).append(URLEncoder.encode(p.substring(eq + 1), StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        return sb.toString();
    }
}

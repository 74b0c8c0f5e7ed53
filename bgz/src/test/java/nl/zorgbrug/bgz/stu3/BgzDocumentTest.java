package nl.zorgbrug.bgz.stu3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentRegister;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.InMemoryConsentStore;
import nl.zorgbrug.audit.consent.Shielding;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.bgz.access.TokenTable;
import nl.zorgbrug.bgz.queryset.BgzQuery;
import nl.zorgbrug.bgz.queryset.BgzQuerySet;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.testscript.NictizSuite;
import nl.zorgbrug.bgz.testscript.ProfileValidator;
import nl.zorgbrug.bgz.testscript.QualificationSetup;
import nl.zorgbrug.bgz.testscript.RecordedAudit;
import nl.zorgbrug.bgz.testscript.SharedFixtures;
import nl.zorgbrug.bgz.testscript.Stu3Endpoint;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.Composition;
import org.hl7.fhir.dstu3.model.Provenance;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.UriType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 19, "The whole BgZ as one document": {@code Patient/$bgz} over the Nictiz fixtures of the qualification
 * patients holds exactly what the 27 searches of the query set answer, each search's matches as its section's entries;
 * it is checked like the searches (a token never reads another patient), audited as one request with one consent
 * question, leaves a shielded zib out of the resources and the sections, and validates with HAPI's validator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BgzDocumentTest {
    static final FhirContext CTX = FhirContext.forDstu3Cached();

    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final InMemoryConsentStore consents = new InMemoryConsentStore();
    final HttpClient http = HttpClient.newHttpClient();
    Stu3Endpoint endpoint;

    @BeforeAll
    void start() throws Exception {
        Clock clock = Clock.systemUTC();
        QualificationSetup.consent(consents, Instant.now().minusSeconds(3600));
        ConsentService consent = new ConsentService(consents, new ConsentRegister(consents), audit::addAll, clock);
        endpoint = new Stu3Endpoint(BgzStu3Server.create(new InMemoryResourceStore(),
                new TokenTable(QualificationSetup.tokens()), consent, audit::addAll, clock),
                Files.createTempDirectory("bgz-document"));
        assertThat(NictizSuite.problems(NictizSuite.run(endpoint.base(), List.of()))).isEmpty();
    }

    @AfterAll
    void stop() throws Exception {
        endpoint.close();
    }

    @BeforeEach
    void clear() {
        audit.clear();
    }

    @Test
    @Order(1)
    void theDocumentHoldsExactlyWhatTheQuerySetAnswers() throws Exception {
        for (String patient : List.of("A", "B")) {
            Bsn bsn = QualificationSetup.bsn(patient);
            String token = QualificationSetup.token(patient);
            Set<String> union = new LinkedHashSet<>();
            Set<String> matched = new LinkedHashSet<>();
            int nonEmpty = 0;
            for (BgzQuery q : BgzQuerySet.all()) {
                Bundle answer = parse(get(url(q, bsn), token), 200);
                answer.getEntry().forEach(e -> union.add(e.getFullUrl()));
                answer.getEntry().stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                        .forEach(e -> matched.add(e.getFullUrl()));
                nonEmpty += answer.getTotal() > 0 ? 1 : 0;
            }
            assertThat(union).as("patient %s has a BgZ in the fixtures", patient).hasSizeGreaterThan(20);

            Bundle doc = parse(get("Patient/$bgz", token), 200);
            assertThat(doc.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
            assertThat(doc.getIdentifier().getValue()).startsWith("urn:uuid:");
            Composition c = (Composition) doc.getEntryFirstRep().getResource();
            assertThat(doc.getEntryFirstRep().getFullUrl()).startsWith(endpoint.base() + "/Composition/");
            Set<String> inDocument = new LinkedHashSet<>();
            doc.getEntry().stream().skip(1).forEach(e -> inDocument.add(e.getFullUrl()));
            // References on the server's base go out relative; they resolve against the Composition's fullUrl base.
            String base = endpoint.base() + "/";
            assertThat(doc.getEntry()).hasSize(inDocument.size() + 1);
            assertThat(inDocument).allSatisfy(u -> assertThat(u).startsWith(endpoint.base() + "/"));
            assertThat(inDocument).containsExactlyInAnyOrderElementsOf(union);

            // Every section entry is a match of its search, every match is in a section, and each resolves in the Bundle.
            Set<String> sectionEntries = new HashSet<>();
            c.getSection().forEach(s -> s.getEntry().forEach(r -> sectionEntries.add(base + r.getReference())));
            assertThat(sectionEntries).containsExactlyInAnyOrderElementsOf(matched);
            assertThat(c.getSection()).hasSize(nonEmpty);
            assertThat(c.getSection()).allSatisfy(s -> {
                assertThat(s.getCode().getCodingFirstRep().getSystem()).isEqualTo(BgzSection.SYSTEM);
                assertThat(DataCategory.ofZib(s.getCode().getCodingFirstRep().getCode())).isNotNull();
                assertThat(s.getEntry()).isNotEmpty();
            });
            assertThat(c.getSubject().getReference()).startsWith("Patient/");
            assertThat(inDocument).contains(base + c.getSubject().getReference());
            assertThat(c.getSection()).extracting(s -> s.getCode().getCodingFirstRep().getCode())
                    .contains("Patient", "Probleem");

            // One request: its audit names every resource, RESOURCES_PER_EVENT to a record (a long list is split
            // over records as the console splits long patient lists), and one consent question, not one per search.
            int parts = (inDocument.size() + AuditInterceptor.RESOURCES_PER_EVENT - 1)
                    / AuditInterceptor.RESOURCES_PER_EVENT;
            assertThat(RecordedAudit.count(audit, e -> e.type() == EventType.QUERY
                    && e.detail().contains("Patient/$bgz"), parts)).isEqualTo(parts);
            List<AuditEvent> events = audit.stream().filter(e -> e.type() == EventType.QUERY
                    && e.detail().contains("Patient/$bgz")).toList();
            assertThat(events).allSatisfy(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
                assertThat(e.patient().bsn()).isEqualTo(bsn);
                assertThat(e.detail()).doesNotContain(bsn.value());
            });
            assertThat(events.stream().mapToInt(e -> e.objects().size()).sum()).isEqualTo(inDocument.size());
            audit.clear();
        }
    }

    @Test
    @Order(2)
    void oneConsentQuestionForTheWholeDocument() throws Exception {
        parse(get("Patient/$bgz", QualificationSetup.token("A")), 200);
        RecordedAudit.count(audit, e -> e.type() == EventType.QUERY, 1);
        assertThat(audit.stream().filter(e -> e.type() == EventType.CONSENT_DECISION)).hasSize(1);
    }

    @Test
    @Order(3)
    void theTokensOwnPatientByIdentifierAndNeverAnother() throws Exception {
        String ownA = "Patient/$bgz?identifier=" + enc(Feed.BSN_SYSTEM + "|" + QualificationSetup.bsn("A").value());
        Bundle own = parse(get(ownA, QualificationSetup.token("A")), 200);
        assertThat(own.getEntry()).hasSizeGreaterThan(20);

        String asB = "Patient/$bgz?identifier=" + enc(Feed.BSN_SYSTEM + "|" + QualificationSetup.bsn("B").value());
        HttpResponse<String> other = get(asB, QualificationSetup.token("A"));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("OperationOutcome").contains("another patient")
                .doesNotContain("\"Composition\"");
        assertThat(RecordedAudit.count(audit, e -> e.type() == EventType.QUERY
                && e.outcome() == Outcome.MINOR_FAILURE, 1)).isEqualTo(1);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.detail()).contains("Patient/$bgz").contains("refused 403").contains("another patient");
            assertThat(e.objects()).isEmpty();
        });

        assertThat(get("Patient/$bgz", "no-such-token").statusCode()).isEqualTo(401);
        assertThat(get("metadata", "no-such-token").body()).contains("\"bgz\"");
    }

    @Test
    @Order(4)
    void theDocumentValidates() throws Exception {
        ProfileValidator validator = new ProfileValidator(CTX,
                SharedFixtures.root().resolve("fhir-profiles/stu3-zib2017"));
        Bundle doc = parse(get("Patient/$bgz", QualificationSetup.token("A")), 200);
        ProfileValidator.Findings findings = validator.validate(doc);
        assertThat(findings.errors()).as("validation errors of the document (uncheckable offline: %s)",
                findings.uncheckable().size()).isEmpty();
    }

    /** Last: the shielding stays recorded for the rest of the class. */
    @Test
    @Order(9)
    void aShieldedZibIsNeitherInTheResourcesNorInTheSections() throws Exception {
        Bsn a = QualificationSetup.bsn("A");
        Bundle before = parse(get("Patient/$bgz", QualificationSetup.token("A")), 200);
        assertThat(profiles(before)).as("the fixtures hold patient A's drug use").contains(ZIB_DRUG_USE);
        assertThat(sectionCodes(before)).contains(DataCategory.DRUG_USE.zib());

        // Provenance naming the drug use beside the alcohol use, and the drug use alone (as the EPD may feed them).
        String drug = referenceWithProfile(before, ZIB_DRUG_USE);
        String alcohol = referenceWithProfile(before, "http://nictiz.nl/fhir/StructureDefinition/zib-AlcoholUse");
        put(provenance("prov-use", drug, alcohol), QualificationSetup.token("A"));
        put(provenance("prov-drug", drug), QualificationSetup.token("A"));
        Bundle fed = parse(get("Patient/$bgz", QualificationSetup.token("A")), 200);
        assertThat(provenanceTargets(fed, "prov-use")).containsExactly(drug, alcohol);
        assertThat(provenanceTargets(fed, "prov-drug")).containsExactly(drug);

        consents.save(new Shielding("shield-drugs", a, Set.of(DataCategory.DRUG_USE), new ConsentRecord.Recording(
                ConsentRecord.Method.WRITTEN, "test", Instant.now().minusSeconds(30)), null));
        HttpResponse<String> answer = get("Patient/$bgz", QualificationSetup.token("A"));
        Bundle after = parse(answer, 200);
        assertThat(profiles(after)).doesNotContain(ZIB_DRUG_USE);
        assertThat(sectionCodes(after)).doesNotContain(DataCategory.DRUG_USE.zib())
                .contains(DataCategory.ALCOHOL_USE.zib());
        assertThat(after.getEntry().size()).isLessThan(before.getEntry().size());
        // Not even by reference: the Provenance keeps the alcohol use only, the one naming the drug use alone is gone.
        assertThat(answer.body()).doesNotContain(drug.substring(drug.indexOf('/') + 1));
        assertThat(provenanceTargets(after, "prov-use")).containsExactly(alcohol);
        assertThat(provenanceTargets(after, "prov-drug")).isEmpty();
    }

    static final String ZIB_DRUG_USE = "http://nictiz.nl/fhir/StructureDefinition/zib-DrugUse";

    private static String referenceWithProfile(Bundle b, String profile) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r.getMeta().getProfile().stream().anyMatch(p -> p.getValue().equals(profile)))
                .map(BgzDocument::reference).findFirst().orElseThrow(() -> new AssertionError("no " + profile));
    }

    /** The targets of the Provenance {@code id} in the document; empty when it is not there. */
    private static List<String> provenanceTargets(Bundle b, String id) {
        return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r instanceof Provenance && r.getIdElement().getIdPart().equals(id))
                .flatMap(r -> ((Provenance) r).getTarget().stream()).map(Reference::getReference).toList();
    }

    private static Provenance provenance(String id, String... targets) {
        Provenance p = new Provenance();
        p.setId(id);
        p.getMeta().addProfile("http://nictiz.nl/fhir/StructureDefinition/BgZ-Metadata");
        for (String t : targets) {
            p.addTarget(new Reference(t));
        }
        p.setRecorded(new java.util.Date(1_700_000_000_000L));
        return p;
    }

    private void put(Provenance p, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint.base() + "/Provenance/"
                        + p.getIdElement().getIdPart())).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(CTX.newJsonParser().encodeResourceToString(p))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    }

    private static Set<String> profiles(Bundle b) {
        Set<String> out = new HashSet<>();
        b.getEntry().forEach(e -> e.getResource().getMeta().getProfile().stream().map(UriType::getValue)
                .forEach(out::add));
        return out;
    }

    private static Set<String> sectionCodes(Bundle b) {
        Set<String> out = new HashSet<>();
        ((Composition) b.getEntryFirstRep().getResource()).getSection()
                .forEach(s -> out.add(s.getCode().getCodingFirstRep().getCode()));
        return out;
    }

    private static String url(BgzQuery q, Bsn bsn) {
        StringBuilder u = new StringBuilder(q.resource()).append(q.path()).append('?');
        String sep = "";
        for (String[] p : q.params()) {
            u.append(sep).append(p[0]).append('=').append(enc(p[1].replace("{BSN}", bsn.value())));
            sep = "&";
        }
        return u.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint.base() + "/" + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Bundle parse(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return (Bundle) CTX.newJsonParser().parseResource(r.body());
    }
}

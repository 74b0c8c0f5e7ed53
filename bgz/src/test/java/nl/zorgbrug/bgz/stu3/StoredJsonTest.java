package nl.zorgbrug.bgz.stu3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
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
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.access.TokenTable;
import nl.zorgbrug.bgz.store.InMemoryResourceStore;
import nl.zorgbrug.bgz.store.StoredResource;
import nl.zorgbrug.bgz.testscript.Stu3Endpoint;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.Extension;
import org.hl7.fhir.dstu3.model.Observation;
import org.hl7.fhir.dstu3.model.Practitioner;
import org.hl7.fhir.dstu3.model.Provenance;
import org.hl7.fhir.dstu3.model.Quantity;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a JSON search answered from the stored JSON ({@link StoredJson}) is the answer HAPI's parse and encode
 * gives, entry by entry, over the same store and the same request: the laboratory query with its related results and
 * Provenance, a zib the patient shields, the Patient with its general practitioner; and a request that would be
 * encoded differently still goes HAPI's way. Test patients are generated (BSNs pass the 11-proof, test values only).
 */
class StoredJsonTest {
    static final FhirContext CTX = FhirContext.forDstu3Cached();
    static final Ura REQUESTER = new Ura("90000123");
    static final String SNOMED = "http://snomed.info/sct";
    static final String LAB = "49581000146104";
    /** A stored resource as a store could hold it, not as HAPI would write it: only the stored-JSON path serves it so. */
    static final String WITNESS = "{ \"resourceType\" : \"Observation\", \"id\" : \"lab-witness\", \"meta\" : { \"profile\" :"
            + " [ \"http://nictiz.nl/fhir/StructureDefinition/zib-LaboratoryTestResult-Observation\" ] }, \"status\" :"
            + " \"final\", \"category\" : [ { \"coding\" : [ { \"system\" : \"http://snomed.info/sct\", \"code\" : \""
            + LAB + "\" } ] } ], \"code\" : { \"coding\" : [ { \"system\" : \"http://loinc.org\", \"code\" : \"718-7\" }"
            + " ] }, \"subject\" : { \"reference\" : \"Patient/pa\" }, \"valueQuantity\" : { \"value\" : 8.50 } }";

    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final InMemoryConsentStore consents = new InMemoryConsentStore();
    final InMemoryResourceStore store = new InMemoryResourceStore();
    final HttpClient http = HttpClient.newHttpClient();
    final Random random = new Random(1919);
    Bsn anna;
    RestfulServer stu3;
    Stu3Endpoint endpoint;

    @BeforeEach
    void start(@TempDir Path work) throws Exception {
        anna = bsn();
        Instant from = Instant.now().minusSeconds(60);
        consents.save(new ConsentRecord("c-anna", anna, Purpose.BGZ_ON_REQUEST, true,
                new Scope.OneInstitution(REQUESTER), Set.of(), from, null,
                new ConsentRecord.Recording(ConsentRecord.Method.WRITTEN, "test", from), null));
        ConsentService consent = new ConsentService(consents, new ConsentRegister(consents), audit::addAll,
                Clock.systemUTC());
        TokenTable tokens = new TokenTable(List.of(new AccessToken("token-anna", anna, REQUESTER, "V4", false),
                new AccessToken("token-epd", null, null, null, true)));
        stu3 = BgzStu3Server.create(store, tokens, consent, audit::addAll, Clock.systemUTC());
        endpoint = new Stu3Endpoint(stu3, work);

        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Practitioner gp = new Practitioner();
        gp.setId("gp");
        gp.getMeta().addProfile("http://fhir.nl/fhir/StructureDefinition/nl-core-practitioner");
        gp.addName().setFamily("Huisarts");
        BgzAccessTest.add(tx, gp);
        org.hl7.fhir.dstu3.model.Patient p = BgzAccessTest.patient("pa", anna);
        p.addGeneralPractitioner(new Reference("Practitioner/gp"));
        BgzAccessTest.add(tx, p);
        for (int i = 0; i < 30; i++) {
            Observation o = lab("lab-" + i, i);
            if (i % 10 == 9) {
                o.addRelated().setType(Observation.ObservationRelationshipType.HASMEMBER)
                        .setTarget(new Reference("Observation/lab-" + (i - 1)));
                o.addRelated().setType(Observation.ObservationRelationshipType.HASMEMBER)
                        .setTarget(new Reference("Observation/lab-" + (i - 2)));
            }
            if (i == 3) {
                // A primitive with an extension (what Resource.copy() loses), and a contained performer.
                o.getStatusElement().addExtension(new Extension(
                        "http://nictiz.nl/fhir/StructureDefinition/code-specification",
                        new CodeableConcept(new Coding(SNOMED, "385432009", "not applicable"))));
                Practitioner lab = new Practitioner();
                lab.setId("performer");
                lab.addName().setFamily("Laborant");
                o.addContained(lab);
                o.addPerformer(new Reference("#performer"));
            }
            if (i == 4) {
                // A reference on the endpoint's own base: HAPI's encoder answers it relative.
                o.addPerformer(new Reference(endpoint.base() + "/Practitioner/gp"));
            }
            BgzAccessTest.add(tx, o);
        }
        // The laboratory code under another system: the store pre-selects it by code, the search's filter drops it.
        Observation elsewhere = lab("lab-elsewhere", 0);
        elsewhere.getCategoryFirstRep().getCodingFirstRep().setSystem("http://example.org/not-snomed");
        BgzAccessTest.add(tx, elsewhere);
        BgzAccessTest.add(tx, BgzAccessTest.observation("drug", "pa", "228366006", "zib-DrugUse"));
        BgzAccessTest.add(tx, BgzAccessTest.observation("alcohol", "pa", "228273003", "zib-AlcoholUse"));
        for (int i = 0; i < 30; i += 5) {
            BgzAccessTest.add(tx, provenance("prov-" + i, "Observation/lab-" + i, "Observation/lab-" + (i + 1)));
        }
        BgzAccessTest.add(tx, provenance("prov-use", "Observation/drug", "Observation/alcohol"));
        BgzAccessTest.add(tx, provenance("prov-patient", "Patient/pa"));
        HttpResponse<String> fed = send(CTX.newJsonParser().encodeResourceToString(tx));
        assertThat(fed.statusCode()).as(fed.body()).isEqualTo(200);
        store.saveAll(List.of(new StoredResource("Observation", "lab-witness", "pa", anna.value(), "urn:uuid:w", 1,
                Instant.now(), List.of(), WITNESS)));
        audit.clear();
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
    }

    @Test
    void theLaboratoryQueryServedAsStoredIsWhatHapiEncodes() throws Exception {
        String query = "Observation?patient.identifier=" + BgzAccessTest.bsnToken(anna) + "&category=" + SNOMED + "|"
                + LAB + "&_include=Observation:related-target&_revinclude=Provenance:target";
        HttpResponse<String> stored = get(query);
        HttpResponse<String> hapi = viaHapi(query);
        // The stored-JSON path served the witness as the store holds it; HAPI's writes it its own way.
        assertThat(stored.body()).contains(WITNESS);
        assertThat(hapi.body()).doesNotContain(WITNESS).contains("\"id\":\"lab-witness\"");
        Bundle b = sameBundle(stored, hapi);
        assertThat(b.getTotal()).isEqualTo(31);
        assertThat(b.getEntry()).filteredOn(e -> e.getResource() instanceof Provenance).hasSize(6);
        assertThat(stored.body()).doesNotContain("lab-elsewhere");
        Observation withExtension = (Observation) b.getEntry().stream()
                .filter(e -> e.getResource().getIdElement().getIdPart().equals("lab-3")).findFirst().orElseThrow()
                .getResource();
        assertThat(withExtension.getStatusElement().getExtension()).hasSize(1);
        assertThat(withExtension.getContained()).hasSize(1);
        Observation onOwnBase = (Observation) b.getEntry().stream()
                .filter(e -> e.getResource().getIdElement().getIdPart().equals("lab-4")).findFirst().orElseThrow()
                .getResource();
        assertThat(onOwnBase.getPerformerFirstRep().getReference()).isEqualTo("Practitioner/gp");
        assertThat(stored.body()).doesNotContain(endpoint.base() + "/Practitioner/gp\"");
    }

    @Test
    void aShieldedZibIsLeftOutOnBothPathsAlike() throws Exception {
        consents.save(new Shielding("s-1", anna, Set.of(DataCategory.DRUG_USE), new ConsentRecord.Recording(
                ConsentRecord.Method.WRITTEN, "test", Instant.now().minusSeconds(30)), null));
        String query = "Observation?code=" + SNOMED + "|228366006," + SNOMED + "|228273003"
                + "&_revinclude=Provenance:target";
        HttpResponse<String> stored = get(query);
        Bundle b = sameBundle(stored, viaHapi(query));
        assertThat(b.getTotal()).isEqualTo(1);
        assertThat(b.getEntry()).extracting(e -> e.getResource().fhirType() + "/"
                + e.getResource().getIdElement().getIdPart()).containsExactly("Observation/alcohol", "Provenance/prov-use");
        // prov-use names the shielded drug use too: served changed on both paths, never as stored.
        assertThat(((Provenance) b.getEntry().get(1).getResource()).getTarget()).extracting(Reference::getReference)
                .containsExactly("Observation/alcohol");
        assertThat(stored.body()).doesNotContain("Observation/drug");
    }

    /**
     * A Provenance whose targets are all in the answer is served as stored; one naming a resource outside the answer
     * keeps that target when the request could read it (the same token, not shielded), alike on both paths.
     */
    @Test
    void aProvenanceKeepsTheTargetsTheRequestCouldRead() throws Exception {
        String query = "Observation?code=" + SNOMED + "|228273003&_revinclude=Provenance:target";
        Bundle b = sameBundle(get(query), viaHapi(query));
        assertThat(b.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly("alcohol", "prov-use");
        assertThat(((Provenance) b.getEntry().get(1).getResource()).getTarget()).extracting(Reference::getReference)
                .containsExactly("Observation/drug", "Observation/alcohol");
    }

    @Test
    void thePatientWithItsPractitionerAndAGzippedAnswerAreWhatHapiEncodes() throws Exception {
        String query = "Patient?identifier=" + BgzAccessTest.bsnToken(anna)
                + "&_include=Patient:general-practitioner&_revinclude=Provenance:target";
        Bundle b = sameBundle(get(query), viaHapi(query));
        assertThat(b.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly("pa", "gp", "prov-patient");

        HttpResponse<byte[]> zipped = http.send(request(query).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertEntriesEqual((Bundle) CTX.newJsonParser().parseResource(unzipped), b);
    }

    @Test
    void anAnswerWhoseResourcesAreStoredAsHapiWritesThemIsHapisAnswerByteForByte() throws Exception {
        // The entries are written by StoredJson, not by HAPI's encoder: the text must be HAPI's all the same, save the
        // Bundle's own id and time (each search's). The related results come in by _include, decided on the tree.
        for (String query : List.of("Patient?identifier=" + BgzAccessTest.bsnToken(anna)
                        + "&_include=Patient:general-practitioner&_revinclude=Provenance:target",
                "Observation?code=" + SNOMED + "|228366006," + SNOMED + "|228273003&_revinclude=Provenance:target",
                "Observation?category=" + SNOMED + "|" + LAB + "&code=http://loinc.org|2345-7"
                        + "&_include=Observation:related-target&_revinclude=Provenance:target")) {
            HttpResponse<String> stored = get(query);
            HttpResponse<String> hapi = viaHapi(query);
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
            assertThat(withoutIdAndTime(stored.body())).as(query).isEqualTo(withoutIdAndTime(hapi.body()));
            assertThat(stored.body()).as(query).contains("\"entry\":[{\"fullUrl\":\"" + endpoint.base() + "/");
        }
    }

    /** The Bundle's id and meta.lastUpdated (the first of each in its text) left out. */
    private static String withoutIdAndTime(String bundle) {
        return bundle.replaceFirst("\"id\":\"[^\"]*\"", "\"id\":\"-\"")
                .replaceFirst("\"lastUpdated\":\"[^\"]*\"", "\"lastUpdated\":\"-\"");
    }

    @Test
    void aRequestThatChangesTheEncodingTakesHapisWay() throws Exception {
        String query = "Observation?category=" + SNOMED + "|" + LAB;
        // _elements: HAPI leaves out what was not asked for; the stored JSON would have served it whole.
        String elements = get(query + "&_elements=status").body();
        assertThat(elements).doesNotContain("\"valueQuantity\"").doesNotContain(WITNESS).contains("SUBSETTED");
        assertThat(get(query + "&_pretty=true").body()).doesNotContain(WITNESS).contains("\n");
        assertThat(get(query + "&_format=xml").body()).startsWith("<Bundle").doesNotContain(WITNESS);
        assertThat(get(query + "&_summary=count").body()).contains("\"total\":31").doesNotContain("lab-");
        assertThat(get(query).body()).contains(WITNESS);
    }

    @Test
    void theAuditNamesWhatTheStoredJsonPathServed() throws Exception {
        String query = "Observation?category=" + SNOMED + "|" + LAB + "&_revinclude=Provenance:target";
        Bundle b = (Bundle) CTX.newJsonParser().parseResource(get(query).body());
        long deadline = System.currentTimeMillis() + 5000;
        while (audit.stream().noneMatch(e -> e.type() == EventType.QUERY) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        List<String> served = b.getEntry().stream().map(e -> e.getResource().fhirType() + "/"
                + e.getResource().getIdElement().getIdPart()).toList();
        assertThat(audit).filteredOn(e -> e.type() == EventType.QUERY).flatExtracting(AuditEvent::objects)
                .extracting(o -> o.id()).containsExactlyInAnyOrderElementsOf(served);
    }

    /** Both answers parse to the same Bundle, entry by entry; returns the stored-JSON path's. */
    private Bundle sameBundle(HttpResponse<String> stored, HttpResponse<String> hapi) {
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(hapi.statusCode()).as(hapi.body()).isEqualTo(200);
        assertThat(stored.headers().firstValue("Content-Type")).isEqualTo(hapi.headers().firstValue("Content-Type"));
        assertThat(stored.headers().firstValue("Last-Modified")).isPresent();
        assertThat(hapi.headers().firstValue("Last-Modified")).isPresent();
        Bundle a = (Bundle) CTX.newJsonParser().parseResource(stored.body());
        Bundle b = (Bundle) CTX.newJsonParser().parseResource(hapi.body());
        assertEntriesEqual(a, b);
        return a;
    }

    private static void assertEntriesEqual(Bundle a, Bundle b) {
        assertThat(a.getType()).isEqualTo(b.getType());
        assertThat(a.getTotal()).isEqualTo(b.getTotal());
        assertThat(a.getLink()).hasSameSizeAs(b.getLink());
        for (int i = 0; i < a.getLink().size(); i++) {
            assertThat(a.getLink().get(i).equalsDeep(b.getLink().get(i))).as("link " + i).isTrue();
        }
        assertThat(a.getEntry()).hasSameSizeAs(b.getEntry()).isNotEmpty();
        for (int i = 0; i < a.getEntry().size(); i++) {
            Bundle.BundleEntryComponent x = a.getEntry().get(i);
            Bundle.BundleEntryComponent y = b.getEntry().get(i);
            assertThat(x.getFullUrl()).as("fullUrl " + i).isEqualTo(y.getFullUrl());
            assertThat(x.getSearch().equalsDeep(y.getSearch())).as("search of " + x.getFullUrl()).isTrue();
            assertThat(CTX.newJsonParser().encodeResourceToString(x.getResource())).as(x.getFullUrl())
                    .isEqualTo(CTX.newJsonParser().encodeResourceToString(y.getResource()));
            assertThat(x.getResource().equalsDeep(y.getResource())).as(x.getFullUrl()).isTrue();
        }
    }

    /** The same request with the stored-JSON path taken out of the server: HAPI parses and encodes. */
    private HttpResponse<String> viaHapi(String query) throws Exception {
        Object storedJson = stu3.getInterceptorService().getAllRegisteredInterceptors().stream()
                .filter(i -> i instanceof StoredJson).findFirst().orElseThrow();
        stu3.unregisterInterceptor(storedJson);
        try {
            return get(query);
        } finally {
            stu3.registerInterceptor(storedJson);
        }
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(request(query).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return HttpRequest.newBuilder(URI.create(endpoint.base() + "/" + pathAndQuery.substring(0, q) + "?"
                        + BgzAccessTest.encode(pathAndQuery.substring(q + 1))))
                .header("Accept", "application/fhir+json").header("Authorization", "Bearer token-anna").GET();
    }

    private HttpResponse<String> send(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint.base()).header("Authorization", "Bearer token-epd")
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Observation lab(String id, int i) {
        Observation o = BgzAccessTest.observation(id, "pa", "718-7", "zib-LaboratoryTestResult-Observation");
        o.setCode(new CodeableConcept(new Coding("http://loinc.org", i % 2 == 0 ? "718-7" : "2345-7", "lab test")));
        o.addCategory(new CodeableConcept(new Coding(SNOMED, LAB, "Laboratory test finding")));
        o.setValue(new Quantity().setValue(4.0 + i / 10.0).setUnit("mmol/L").setSystem("http://unitsofmeasure.org")
                .setCode("mmol/L"));
        return o;
    }

    private static Provenance provenance(String id, String... targets) {
        Provenance p = new Provenance();
        p.setId(id);
        p.getMeta().addProfile("http://nictiz.nl/fhir/StructureDefinition/BgZ-Metadata");
        for (String t : targets) {
            p.addTarget(new Reference(t));
        }
        p.setRecorded(new java.util.Date(1_700_000_000_000L));
        p.addAgent().setWho(new Reference("Practitioner/gp"));
        return p;
    }

    private Bsn bsn() {
        while (true) {
            String digits = String.format("%09d", random.nextInt(1_000_000_000));
            if (Bsn.isValid(digits)) {
                return Bsn.parse(digits);
            }
        }
    }
}

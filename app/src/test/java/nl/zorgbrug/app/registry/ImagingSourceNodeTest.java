package nl.zorgbrug.app.registry;

import static nl.zorgbrug.app.registry.RegistryNodeFixture.CLINICIAN;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.CLINICIAN_PASSWORD;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.CONSUMER_URA;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.app.console.ConsoleTime;
import nl.zorgbrug.app.mpi.TestBsns;
import nl.zorgbrug.app.privacy.JdbcStudyLabels;
import nl.zorgbrug.app.privacy.OverviewDocument;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.overview.OverviewService;
import nl.zorgbrug.audit.overview.PatientOverview;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.Peers;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.inbound.stowrs.MultipartRelated;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.model.RegistryPatient;

/**
 * The node as Imaging Document Source (issue 20 part 2) with Orthanc as the own PACS, as Debian installs it with its
 * DICOMweb plugin: a CT study with its SR report is in Orthanc and reaches the registration route (dcmtk storescu, as the
 * PACS forwards it); the node registers the KOS and the report in one submission with its own registry (ITI-42 over
 * HTTPS). A consumer, with IPF's own producers as independent clients, finds both (ITI-18), reads the report (ITI-43),
 * and retrieves the instances by RAD-69 (IPF's {@code xdsi-rad69}, MTOM) and by WADO-RS: fetched from Orthanc, leaving
 * with the BSN in place of the local number. Without the patient's consent the answer is "no consent" on both, audited;
 * once the patient's BSN is no longer validated nothing is sent.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ImagingSourceNodeTest {
    static final String CONSUMER = "ris-consumer-b";
    static final String CONSUMER_PASSWORD = "consumer-test";
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String REPOSITORY = "2.16.528.1.1007.99.7.1";
    static final RegistryNodeFixture node = RegistryNodeFixture.create("imaging");
    static final int PORT;
    static final OrthancPeer orthanc;
    /** Hospital B's PACS as installed: DIMSE only for the AE titles it lists (the node's is one). */
    static final OrthancPeer pacsB;

    static {
        try {
            PORT = Peers.freePort();
            // The own PACS, as the hospital left it: Orthanc with the DICOMweb plugin (WADO-RS at /dicom-web).
            orthanc = OrthancPeer.startWithDicomWeb(Files.createDirectories(node.dir.resolve("orthanc")));
            pacsB = node.startPacsB();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Orthanc (run .ci/run): " + e.getMessage(), e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("server.port", () -> String.valueOf(PORT));
        node.node(r, "imagingsource");
        node.registryUsers(r, CONSUMER, CONSUMER_PASSWORD);
        node.source(r, () -> "https://127.0.0.1:" + PORT + "/services/xds-iti42", "Ziekenhuis Test",
                LOCAL_ISSUER, REPOSITORY);
        r.add("zorgbrug.registry.source.trust-store", () -> node.trustStore().toString());
        r.add("zorgbrug.registry.source.trust-store-password", () -> "changeit");
        r.add("zorgbrug.registry.source.user", () -> SOURCE);
        r.add("zorgbrug.registry.source.password", () -> SOURCE_PASSWORD);
        r.add("zorgbrug.registry.source.pacs.url", () -> orthanc.dicomWebRoot());
        node.registrationRoute(r, LOCAL_ISSUER);
        node.quickRetries(r);
        // The consumer role (part 3) on the same node: the timeline asks this node's registry (ITI-18), imports by
        // ITI-43 for the KOS and RAD-69 for the instances (the repository's retrieval, part 6) from this node's source
        // role, into the import route to hospital B's PACS.
        r.add("zorgbrug.gateway.calling-ae-title", () -> "ZORGBRUG_B");
        r.add("zorgbrug.audit.organisation-ura", () -> CONSUMER_URA);
        node.clinician(r);
        r.add("zorgbrug.registry.consumer.enabled", () -> "true");
        r.add("zorgbrug.registry.consumer.url", () -> "https://127.0.0.1:" + PORT + "/services/xds-iti18");
        r.add("zorgbrug.registry.consumer.trust-store", () -> node.trustStore().toString());
        r.add("zorgbrug.registry.consumer.trust-store-password", () -> "changeit");
        r.add("zorgbrug.registry.consumer.user", () -> CONSUMER);
        r.add("zorgbrug.registry.consumer.password", () -> CONSUMER_PASSWORD);
        r.add("zorgbrug.registry.consumer.institution", () -> "Ziekenhuis B");
        r.add("zorgbrug.registry.consumer.import-route", () -> "import");
        r.add("zorgbrug.registry.consumer.repositories[0].repository-unique-id", () -> REPOSITORY);
        r.add("zorgbrug.registry.consumer.repositories[0].iti43-url", () -> "https://127.0.0.1:" + PORT
                + "/services/xds-iti43");
        r.add("zorgbrug.registry.consumer.repositories[0].rad69-url", () -> "https://127.0.0.1:" + PORT
                + "/services/xdsi-rad69");
        r.add("zorgbrug.registry.consumer.repositories[0].retrieval", () -> "RAD_69");
        r.add("zorgbrug.registry.consumer.repositories[0].user", () -> CONSUMER);
        r.add("zorgbrug.registry.consumer.repositories[0].password", () -> CONSUMER_PASSWORD);
        r.add("zorgbrug.gateway.routes[1].name", () -> "import");
        r.add("zorgbrug.gateway.routes[1].called-ae-title", () -> "ZB_IMPORT");
        r.add("zorgbrug.gateway.routes[1].direction", () -> "IMPORT");
        r.add("zorgbrug.gateway.routes[1].destination", () -> "pacs-b");
    }

    @BeforeAll
    static void startClients() {
        node.startClients();
    }

    @AfterAll
    static void stop() {
        node.stopClients();
        orthanc.close();
        pacsB.close();
    }

    @Autowired
    ConsentService consent;

    @Autowired
    OverviewService overviews;

    @Autowired
    DataSource dataSource;

    @Autowired
    JobRepository jobs;

    @Autowired
    MpiStore mpi;

    @Autowired
    Acceptor dicom;

    private final Random random = new Random(System.nanoTime());

    @Test
    void theReportIsRegisteredBesideTheKosAndTheInstancesLeaveByRad69AndWadoRsWithTheBsnOnlyWhileValidated()
            throws Exception {
        Dcmtk.require();
        Bsn bsn = Bsn.parse(TestBsns.first(7).get(6));
        consentToImageAvailability(bsn);
        Study study = study("PAT-IMG-1", bsn);

        // ITI-18: the KOS and the report, one study (referenceIdList), IMAGES and REPORTS.
        QueryResponse found = byStudy(bsn, study.uid());
        assertThat(found.getDocumentEntries()).extracting(e -> e.getClassCode().getCode())
                .containsExactlyInAnyOrder("IMAGES", "REPORTS");
        DocumentEntry report = found.getDocumentEntries().stream()
                .filter(e -> e.getClassCode().getCode().equals("REPORTS")).findFirst().orElseThrow();
        assertThat(report.getUniqueId()).isEqualTo(study.report());
        assertThat(report.getMimeType()).isEqualTo("text/plain");
        assertThat(report.getRepositoryUniqueId()).isEqualTo(REPOSITORY);

        // ITI-43: the report's text, with IPF's producer.
        RetrievedDocumentSet text = iti43(REPOSITORY, report.getUniqueId());
        assertThat(text.getStatus()).as("%s", text.getErrors()).isEqualTo(Status.SUCCESS);
        assertThat(text.getDocuments()).singleElement().satisfies(d -> {
            assertThat(d.getMimeType()).isEqualTo("text/plain");
            assertThat(new String(d.getDataHandler().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("Geen afwijkingen aan de longen.");
        });

        // RAD-69 with IPF's xdsi-rad69 producer: both CT instances, from Orthanc, under the BSN.
        RetrievedDocumentSet images = rad69(study.uid(), study.series(), REPOSITORY, study.cts());
        assertThat(images.getStatus()).as("%s", images.getErrors()).isEqualTo(Status.SUCCESS);
        assertThat(images.getDocuments()).hasSize(2);
        for (RetrievedDocument d : images.getDocuments()) {
            assertThat(d.getMimeType()).isEqualTo("application/dicom");
            DataSet ds = read(d.getDataHandler().getInputStream().readAllBytes());
            assertThat(ds.getString(Tag.SOPInstanceUID)).isEqualTo(d.getRequestData().getDocumentUniqueId());
            assertThat(ds.getString(Tag.PatientID)).isEqualTo(bsn.value());
            assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
            assertThat(ds.getSequence(Tag.OtherPatientIDsSequence)).extracting(i -> i.getString(Tag.PatientID))
                    .contains("PAT-IMG-1");
        }
        assertThat(study.cts()).containsExactlyInAnyOrderElementsOf(images.getDocuments().stream()
                .map(d -> d.getRequestData().getDocumentUniqueId()).toList());
        assertThat(orthanc.get("/instances").body()).as("Orthanc keeps its own").isNotEmpty();

        // WADO-RS, as the node's other machine clients log in (HTTP Basic over its HTTPS).
        HttpResponse<byte[]> wado = wado("/dicomweb/wado/studies/" + study.uid(), CONSUMER, CONSUMER_PASSWORD);
        assertThat(wado.statusCode()).as(new String(wado.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        List<DataSet> parts = parts(wado);
        assertThat(parts).hasSize(3).allSatisfy(ds -> assertThat(ds.getString(Tag.PatientID)).isEqualTo(bsn.value()));
        assertThat(wado("/dicomweb/wado/studies/" + study.uid(), CONSUMER, "guess").statusCode()).isEqualTo(401);
        assertThat(wado("/dicomweb/wado/studies/" + TestSubmissions.uid(random), CONSUMER, CONSUMER_PASSWORD)
                .statusCode()).as("a study this node did not register").isEqualTo(404);

        // Wabvpz: the desk's validation is gone (only the register's verification is left): nothing leaves.
        mpi.save(new MpiPatient("PAT-IMG-1", LOCAL_ISSUER, bsn, BsnStatus.VERIFIED, "Dijk", "Jürgen", "19811231", "M"));
        RetrievedDocumentSet held = rad69(study.uid(), study.series(), REPOSITORY, study.cts());
        assertThat(held.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(held.getDocuments()).isEmpty();
        assertThat(held.getErrors()).hasSize(2).allSatisfy(e -> {
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.REPOSITORY_ERROR);
            assertThat(e.getCodeContext()).startsWith("NOT_EXPORTABLE: BSN_NOT_VALIDATED").doesNotContain(bsn.value());
        });
        HttpResponse<byte[]> notSent = wado("/dicomweb/wado/studies/" + study.uid() + "/series/" + study.series(),
                CONSUMER, CONSUMER_PASSWORD);
        assertThat(notSent.statusCode()).isEqualTo(403);
        assertThat(new String(notSent.body(), StandardCharsets.UTF_8)).contains("BSN_NOT_VALIDATED")
                .doesNotContain(bsn.value());

        // Two RAD-69 and two WADO-RS answers: each writes its record when it ends (they stream).
        List<AuditEvent> retrieves = RegistryNodeFixture.awaitTrail(dataSource, bsn, t -> t.stream()
                .filter(e -> e.type() == EventType.RETRIEVE && (e.detail().startsWith("RAD-69:")
                        || e.detail().startsWith("WADO-RS:"))).count() >= 4).stream()
                .filter(e -> e.type() == EventType.RETRIEVE).toList();
        assertThat(retrieves).filteredOn(e -> e.detail().startsWith("RAD-69:")).extracting(AuditEvent::outcome)
                .containsExactly(Outcome.SUCCESS, Outcome.MINOR_FAILURE);
        assertThat(retrieves).filteredOn(e -> e.detail().startsWith("WADO-RS:")).extracting(AuditEvent::outcome)
                .containsExactly(Outcome.SUCCESS, Outcome.MINOR_FAILURE);
        assertThat(retrieves).filteredOn(e -> e.detail().startsWith("RAD-69:")).first()
                .satisfies(e -> assertThat(e.actor().userId()).isEqualTo(CONSUMER));

        // Part 5: the patient's overview (Wabvpz art. 15d) shows who requested which study: each retrieve and the
        // query on behalf of the consumer's organisation (zorgbrug.registry.requesters), the study by its
        // description and date as the registered KOS has them, in Dutch and English; the register by the node.
        PatientOverview overview = overviews.overview(bsn, Actor.person("desk", "Desk", Role.PRIVACY_OFFICER,
                new Ura("00001234")), AccessPoint.host("127.0.0.1"), "test");
        ZoneId zone = ZoneId.of("Europe/Amsterdam");
        JdbcStudyLabels labels = new JdbcStudyLabels(new JdbcTemplate(dataSource), zone);
        OverviewDocument nl = OverviewDocument.of(overview, new ConsoleTime(zone), Instant.now(),
                OverviewDocument.Language.NL, labels);
        String label = "onderzoek CT thorax van 25 november 2026";
        List<OverviewDocument.Row> requested = nl.rows().stream()
                .filter(r -> r.what().equals("Gegevens opgevraagd")).toList();
        assertThat(requested).as("ITI-43, RAD-69 twice, WADO-RS twice").hasSize(5).allSatisfy(r -> {
            assertThat(r.data()).isEqualTo(label);
            assertThat(r.onBehalfOf()).isEqualTo("URA " + CONSUMER_URA);
            assertThat(r.who()).contains(CONSUMER);
        });
        assertThat(nl.rows()).filteredOn(r -> r.what().equals("Gegevens gezocht")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.onBehalfOf()).isEqualTo("URA " + CONSUMER_URA));
        assertThat(nl.rows()).filteredOn(r -> r.what().equals("Gegevens verstuurd"))
                .anySatisfy(r -> assertThat(r.data()).startsWith(label + ", verzending "));
        assertThat(nl.rows()).filteredOn(r -> r.what().equals("Gegevens ontvangen"))
                .anySatisfy(r -> assertThat(r.data()).isEqualTo(label));
        assertThat(nl.rows()).extracting(OverviewDocument.Row::what).contains("Toestemming nagegaan");
        // The gateway's receives name each image by its SOP Instance UID; the study itself never by its UID.
        assertThat(nl.rows()).allSatisfy(r -> assertThat(r.data()).doesNotContain("onderzoek " + study.uid()));
        OverviewDocument en = OverviewDocument.of(overview, new ConsoleTime(zone), Instant.now(),
                OverviewDocument.Language.EN, labels);
        assertThat(en.rows()).filteredOn(r -> r.what().equals("Data requested")).hasSize(5)
                .allSatisfy(r -> assertThat(r.data()).isEqualTo("study CT thorax of 25 November 2026"));
    }

    /**
     * Part 4: without consent, "no consent" on RAD-69 and WADO-RS, never "unknown", and audited (that nothing is then
     * asked of the PACS is ImagingRetrievalTest's).
     */
    @Test
    void withoutConsentNothingIsFetchedAndTheAnswerIsNoConsent() throws Exception {
        Dcmtk.require();
        Bsn bsn = Bsn.parse(TestBsns.first(8).get(7));
        Study study = study("PAT-IMG-2", bsn);

        RetrievedDocumentSet refused = rad69(study.uid(), study.series(), REPOSITORY, study.cts());
        assertThat(refused.getStatus()).isEqualTo(Status.FAILURE);
        assertThat(refused.getDocuments()).isEmpty();
        assertThat(refused.getErrors()).hasSize(2).allSatisfy(e -> {
            assertThat(e.getErrorCode()).isEqualTo(ErrorCode.REPOSITORY_ERROR);
            assertThat(e.getCodeContext()).startsWith("NO_CONSENT: ");
        });
        HttpResponse<byte[]> wado = wado("/dicomweb/wado/studies/" + study.uid(), CONSUMER, CONSUMER_PASSWORD);
        assertThat(wado.statusCode()).isEqualTo(403);
        assertThat(new String(wado.body(), StandardCharsets.UTF_8)).startsWith("NO_CONSENT: ");

        List<AuditEvent> trail = trail(bsn);
        assertThat(trail).filteredOn(e -> e.type() == EventType.RETRIEVE && (e.detail().startsWith("RAD-69:")
                || e.detail().startsWith("WADO-RS:"))).hasSize(2).allSatisfy(e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
                    assertThat(e.detail()).contains("refused (NO_CONSENT)");
                });
        assertThat(trail).filteredOn(e -> e.type() == EventType.CONSENT_DECISION).isNotEmpty();
    }

    /** The study's SOP Instance UIDs: series 1 has two CT images, series 2 the SR report. */
    @Autowired
    nl.zorgbrug.gateway.addressbook.AddressBook book;

    /**
     * The issue's scenario through the real registration job: CT + SR report in the source's Orthanc, registered by
     * its job (KOS and report); the timeline shows the study once with its report, whose text the row reads by
     * ITI-43 (audited); the import goes by ITI-43 for the KOS and RAD-69 (IPF's {@code xdsi-rad69} producer, the
     * repository's retrieval) for the instances from this node's own RAD-69 responder, and B's Orthanc holds the
     * study under the local id.
     */
    @Test
    void aStudyRegisteredByItsJobIsOnTheTimelineOnceWithItsReportAndImportedByRad69() throws Exception {
        Dcmtk.require();
        Bsn bsn = Bsn.parse(TestBsns.first(9).get(8));
        consentToImageAvailability(bsn);
        book.save(new nl.zorgbrug.gateway.addressbook.Institution("pacs-b", "PACS ziekenhuis B", null, null,
                LOCAL_ISSUER, OrthancPeer.AET, "127.0.0.1", pacsB.dicomPort(), false, null, null, null));
        Study study = study("PAT-IMG-9", bsn);
        // The timeline asks the index only for a verified BSN (Wabvpz); the export swap sends only a validated one.
        mpi.save(new MpiPatient("PAT-IMG-9", LOCAL_ISSUER, bsn, BsnStatus.VERIFIED_AND_VALIDATED, "Dijk", "Jürgen",
                "19811231", "M"));

        com.fasterxml.jackson.databind.ObjectMapper json = RegistryNodeFixture.JSON;
        HttpResponse<String> timeline = node.send(node.request(PORT, "/api/images/timeline?localId=PAT-IMG-9",
                CLINICIAN, CLINICIAN_PASSWORD).GET(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(timeline.statusCode()).as(timeline.body()).isEqualTo(200);
        List<com.fasterxml.jackson.databind.JsonNode> rows = new ArrayList<>();
        json.readTree(timeline.body()).get("rows").forEach(r -> {
            if (r.get("studyInstanceUid").asText().equals(study.uid())) {
                rows.add(r);
            }
        });
        assertThat(rows).as("the study once in %s", timeline.body()).hasSize(1);
        assertThat(rows.get(0).at("/report/uniqueId").asText()).isEqualTo(study.report());

        HttpResponse<String> requested = node.postAsClinician(PORT, "/api/images/import", "{\"localId\":"
                + " \"PAT-IMG-9\", \"studyInstanceUid\": \"" + study.uid() + "\"}");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        long id = json.readTree(requested.body()).get("id").asLong();
        com.fasterxml.jackson.databind.JsonNode done = node.awaitImport(PORT, id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
        assertThat(done.get("instances").asInt()).as("the two CTs and the SR the KOS lists").isEqualTo(3);
        assertThat(done.get("imported").asInt()).isEqualTo(3);
        java.util.function.Predicate<AuditEvent> servedByRad69 = e -> e.type() == EventType.RETRIEVE
                && e.actor().userId().equals(CONSUMER) && e.detail().contains("RAD-69");
        assertThat(RegistryNodeFixture.awaitTrail(dataSource, bsn, t -> t.stream().anyMatch(servedByRad69)))
                .as("the instances left by RAD-69, served to the consumer").anyMatch(servedByRad69);

        com.fasterxml.jackson.databind.JsonNode inB = RegistryNodeFixture.awaitInstances(pacsB, study.uid(), 3);
        assertThat(inB).as("B's Orthanc holds the study").hasSize(3);
        for (com.fasterxml.jackson.databind.JsonNode instance : inB) {
            com.fasterxml.jackson.databind.JsonNode tags = json.readTree(pacsB.get("/instances/"
                    + instance.get("ID").asText() + "/simplified-tags").body());
            assertThat(tags.get("PatientID").asText()).isEqualTo("PAT-IMG-9");
            assertThat(tags.get("IssuerOfPatientID").asText()).isEqualTo(LOCAL_ISSUER);
        }
    }

    record Study(String uid, String series, List<String> cts, String report) {
    }

    /**
     * A CT study with its SR report in Orthanc (REST upload), forwarded by the PACS to the registration route (dcmtk
     * storescu), registered by its job.
     */
    private Study study(String localId, Bsn bsn) throws Exception {
        mpi.save(new MpiPatient(localId, LOCAL_ISSUER, bsn, BsnStatus.VALIDATED, "Dijk", "Jürgen", "19811231", "M"));
        String uid = TestSubmissions.uid(random);
        Path pacs = Files.createDirectories(node.dir.resolve("pacs-" + uid));
        OwnPacsStudy own = new OwnPacsStudy(uid, localId, LOCAL_ISSUER, "ACC-IMG");
        List<Path> files = List.of(OwnPacsStudy.write(pacs, own.ct(".1.1")), OwnPacsStudy.write(pacs, own.ct(".1.2")),
                OwnPacsStudy.write(pacs, own.report(".2.1")));
        for (Path f : files) {
            HttpResponse<String> stored = orthanc.postBytes("/instances", Files.readAllBytes(f));
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        }
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_REGISTER", dicom.port(), files)).isZero();
        RegistryNodeFixture.awaitRegistration(jobs, uid, j -> j.state() == JobState.DONE, "DONE");
        return new Study(uid, uid + ".1", List.of(uid + ".1.1", uid + ".1.2"), uid + ".2.1");
    }

    private static DataSet read(byte[] bytes) throws IOException {
        return Part10Reader.read(new ByteArrayInputStream(bytes), "retrieved", bytes.length, -1L).dataSet();
    }

    private QueryResponse byStudy(Bsn bsn, String study) {
        FindDocumentsByReferenceIdQuery q = new FindDocumentsByReferenceIdQuery();
        q.setPatientId(RegistryPatient.of(bsn));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        q.setTypedReferenceIds(new QueryList<>(new ReferenceId(study, null, ReferenceId.ID_TYPE_STUDY_INSTANCE_ID)));
        QueryRegistry request = new QueryRegistry(q);
        request.setReturnType(QueryReturnType.LEAF_CLASS);
        AdhocQueryResponse answer = consumer("xds-iti18", EbXML30Converters.convert(request),
                AdhocQueryResponse.class);
        return EbXML30Converters.convertToQueryResponse(answer);
    }

    private RetrievedDocumentSet iti43(String repository, String uid) {
        RetrieveDocumentSet request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(repository, uid, null));
        return EbXML30Converters.convert(consumer("xds-iti43", EbXML30Converters.convert(request),
                RetrieveDocumentSetResponseType.class));
    }

    private RetrievedDocumentSet rad69(String study, String series, String repository, List<String> sops) {
        List<DocumentReference> documents = new ArrayList<>();
        sops.forEach(sop -> documents.add(new DocumentReference(repository, sop, null)));
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        request.getRetrieveStudies().add(new RetrieveStudy(study, new ArrayList<>(List.of(new RetrieveSeries(series,
                documents)))));
        request.getTransferSyntaxIds().add(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        return EbXML30Converters.convert(consumer("xdsi-rad69", EbXML30Converters.convert(request),
                RetrieveDocumentSetResponseType.class));
    }

    /** The consumer's request by IPF's own producer of {@code transaction}. */
    private static <T> T consumer(String transaction, Object request, Class<T> answer) {
        return node.ipf(transaction, PORT, CONSUMER, CONSUMER_PASSWORD, request, answer);
    }

    private static HttpResponse<byte[]> wado(String path, String user, String password) throws Exception {
        return node.send(node.request(PORT, path, user, password)
                .header("Accept", "multipart/related; type=\"application/dicom\"").GET(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<DataSet> parts(HttpResponse<byte[]> response) throws IOException {
        String boundary = MultipartRelated.boundary(response.headers().firstValue("Content-Type").orElseThrow());
        List<DataSet> out = new ArrayList<>();
        MultipartRelated.parse(new ByteArrayInputStream(response.body()), boundary, (headers, body) -> {
            assertThat(headers.get("content-type")).startsWith("application/dicom");
            out.add(read(body.readAllBytes()));
        });
        return out;
    }

    private List<AuditEvent> trail(Bsn bsn) {
        return RegistryNodeFixture.trail(dataSource, bsn);
    }

    void consentToImageAvailability(Bsn bsn) {
        node.consentToImageAvailability(consent, bsn);
    }
}

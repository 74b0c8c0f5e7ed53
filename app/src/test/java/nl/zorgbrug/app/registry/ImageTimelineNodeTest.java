package nl.zorgbrug.app.registry;

import static nl.zorgbrug.app.registry.RegistryNodeFixture.CLINICIAN;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.CLINICIAN_PASSWORD;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.CT;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rs.RegistryResponseType;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.app.mpi.TestBsns;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.TestSubmissions.Study;

/**
 * The Document Consumer role of a whole node (issue 20 part 3), started as {@code bin/zorgbrug serve} starts it: hospital
 * B's node, which is also the region's registry. Hospital A's studies are registered with IPF's own {@code xds-iti42}
 * producer as an independent source; B's own PACS is an Orthanc as a hospital leaves it (DICOM access only for the
 * AE titles it lists: B's node is one). A clinician asks the timeline over the REST API and the console: the node
 * asks the registry by ITI-18 (its IPF {@code xds-iti18} producer, through a network that can be down) and the PACS by
 * C-FIND, only for a patient with a verified BSN and consent, and says "index unreachable, incomplete" when it is.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImageTimelineNodeTest {
    static final String NODE_USER = "zb-consumer-b";
    static final String NODE_PASSWORD = "consumer-test";
    /** Hospital B: the consumer, on whose behalf its node asks the registry. */
    static final String URA_B = RegistryNodeFixture.CONSUMER_URA;
    static final String ISSUER_B = "2.16.528.1.1007.99.8";
    static final String ISSUER_A = "2.16.528.1.1007.99.1";
    static final String REPOSITORY_A = "2.16.528.1.1007.99.7.1";
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final RegistryNodeFixture node = RegistryNodeFixture.create("timeline");

    /**
     * The test network's port, chosen when first used (the context's properties), not when the class is loaded: a
     * port chosen early can meanwhile become the local port of another test class's kept-alive client connection.
     */
    static final class Proxy {
        static final int PORT;

        static {
            try {
                PORT = LosingProxy.freePort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port for the test network: " + e.getMessage(), e);
            }
        }
    }

    /** A loopback port nothing listens at: a repository that cannot be reached. */
    static final class DeadPort {
        static final int PORT;

        static {
            try {
                PORT = LosingProxy.freePort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port for the dead repository: " + e.getMessage(), e);
            }
        }
    }

    static OrthancPeer pacsB;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        node.node(r, "imagetimeline");
        r.add("zorgbrug.gateway.calling-ae-title", () -> "ZORGBRUG_B");
        r.add("zorgbrug.gateway.local-issuer", () -> ISSUER_B);
        r.add("zorgbrug.audit.organisation-ura", () -> URA_B);
        node.registryUsers(r, NODE_USER, NODE_PASSWORD);
        node.clinician(r);
        // The consumer role: the registry (this node) through a network the test can take down.
        r.add("zorgbrug.registry.consumer.enabled", () -> "true");
        r.add("zorgbrug.registry.consumer.url", () -> "http://127.0.0.1:" + Proxy.PORT + "/services/xds-iti18");
        r.add("zorgbrug.registry.consumer.user", () -> NODE_USER);
        r.add("zorgbrug.registry.consumer.password", () -> NODE_PASSWORD);
        r.add("zorgbrug.registry.consumer.pacs", () -> "pacs-b");
        r.add("zorgbrug.registry.consumer.institution", () -> "Ziekenhuis B");
        // The import (part 3): the gateway's import route into B's PACS; hospital A's repository (part 6) by its
        // repositoryUniqueId: ITI-43 at A's node (this node's source role, through the network), WADO-RS at the
        // DICOMweb root of A's address-book entry (its STOW-RS URL is {root}/studies).
        r.add("zorgbrug.gateway.routes[0].name", () -> "import");
        r.add("zorgbrug.gateway.routes[0].called-ae-title", () -> "ZB_IMPORT");
        r.add("zorgbrug.gateway.routes[0].direction", () -> "IMPORT");
        r.add("zorgbrug.gateway.routes[0].destination", () -> "pacs-b");
        r.add("zorgbrug.gateway.quiet-time", () -> "1s");
        node.quickRetries(r);
        r.add("zorgbrug.registry.consumer.import-route", () -> "import");
        r.add("zorgbrug.registry.consumer.repositories[0].repository-unique-id", () -> REPOSITORY_A);
        r.add("zorgbrug.registry.consumer.repositories[0].iti43-url", () -> "http://127.0.0.1:" + Proxy.PORT
                + "/services/xds-iti43");
        r.add("zorgbrug.registry.consumer.repositories[0].institution", () -> "hospital-a");
        r.add("zorgbrug.registry.consumer.repositories[0].user", () -> NODE_USER);
        r.add("zorgbrug.registry.consumer.repositories[0].password", () -> NODE_PASSWORD);
        // The repository of the studies register() puts in the index: nothing listens at its address (a report
        // there cannot be retrieved).
        r.add("zorgbrug.registry.consumer.repositories[1].repository-unique-id", () -> TestSubmissions.REPOSITORY);
        r.add("zorgbrug.registry.consumer.repositories[1].iti43-url", () -> "http://127.0.0.1:" + DeadPort.PORT
                + "/services/xds-iti43");
        // Hospital A's repository, served by this node's source role (ITI-43 of the KOS it keeps).
        node.source(r, () -> "http://127.0.0.1:" + Proxy.PORT + "/services/xds-iti42", "Ziekenhuis A", ISSUER_A,
                REPOSITORY_A);
    }

    @BeforeAll
    static void start() throws Exception {
        node.startClients();
        // Hospital B's PACS as installed, which lists B's node (AE title ZORGBRUG_B) as a DICOM node that may query.
        pacsB = node.startPacsB();
    }

    @AfterAll
    static void stop() {
        node.stopClients();
        if (pacsB != null) {
            pacsB.close();
        }
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int httpPort;

    @Autowired
    ConsentService consent;

    @Autowired
    DataSource dataSource;

    @Autowired
    MpiStore mpi;

    @Autowired
    AddressBook book;

    @Autowired
    nl.zorgbrug.registry.source.KosRepository repositoryA;

    @Autowired
    nl.zorgbrug.gateway.job.JobRepository jobs;

    /**
     * The issue's scenario: a CT study of hospital A (in A's Orthanc with the DICOMweb plugin, under A's own patient
     * number) is in the index with its KOS kept in A's repository; B's clinician sees it on the timeline, confirms
     * the import, and the import job fetches the KOS by ITI-43 and the instances by WADO-RS from A's Orthanc, into B's
     * import route: B's Orthanc then holds the study under B's local id and issuer.
     */
    @Test
    void aStudyOfHospitalAIsImportedFromTheTimelineAndBsPacsHoldsItUnderBsLocalId() throws Exception {
        Bsn bsn = Bsn.parse(TestBsns.first(14).get(11));
        MpiPatient patient = patient("B-TL-5", bsn, BsnStatus.VERIFIED);
        consentToImageAvailability(bsn);
        String study = TestSubmissions.uid(random);
        try (OrthancPeer pacsA = OrthancPeer.startWithDicomWeb(Files.createDirectories(
                node.dir.resolve("orthanc-a-" + study)));
             LosingProxy network = new LosingProxy(Proxy.PORT, node.tls().getSocketFactory(), httpPort)) {
            book.save(new Institution("hospital-a", "Ziekenhuis A", null, null, ISSUER_A, null, null, 0, false,
                    pacsA.dicomWebRoot() + "/studies", null, null));
            List<DataSet> instances = List.of(ctOfA(study, ".1", ".1.1"), ctOfA(study, ".1", ".1.2"),
                    ctOfA(study, ".2", ".2.1"));
            for (DataSet ds : instances) {
                assertThat(pacsA.postBytes("/instances", part10(ds)).statusCode()).isEqualTo(200);
            }
            registerAsHospitalA(bsn, study, instances);

            JsonNode t = json.readTree(get("/api/images/timeline?localId=B-TL-5", null).body());
            JsonNode row = row(t.get("rows"), study);
            assertThat(row.get("alreadyHere").asBoolean()).isFalse();
            assertThat(row.at("/manifest/repositoryUniqueId").asText()).isEqualTo(REPOSITORY_A);
            String confirm = get("/images/import?localId=B-TL-5&study=" + study, "nl").body();
            assertThat(confirm).contains("Onderzoek importeren", "CT thorax A", "Dit onderzoek importeren");

            HttpResponse<String> requested = node.postAsClinician(httpPort, "/api/images/import", "{\"localId\":"
                    + " \"B-TL-5\", \"studyInstanceUid\": \"" + study + "\"}");
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
            long id = json.readTree(requested.body()).get("id").asLong();
            JsonNode done = node.awaitImport(httpPort, id);
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
            assertThat(done.get("instances").asInt()).isEqualTo(3);
            assertThat(done.get("imported").asInt()).isEqualTo(3);
        }
        // The import route's job delivers to B's PACS: the study there under B's local id and issuer.
        JsonNode inB = RegistryNodeFixture.awaitInstances(pacsB, study, 3);
        assertThat(inB).as("B's Orthanc holds the study").hasSize(3);
        for (JsonNode instance : inB) {
            JsonNode tags = json.readTree(pacsB.get("/instances/" + instance.get("ID").asText() + "/simplified-tags")
                    .body());
            assertThat(tags.get("PatientID").asText()).isEqualTo("B-TL-5");
            assertThat(tags.get("IssuerOfPatientID").asText()).isEqualTo(ISSUER_B);
        }
        assertThat(trail(bsn)).filteredOn(e -> e.type() == EventType.RETRIEVE && e.actor().userId().equals(CLINICIAN))
                .anySatisfy(e -> assertThat(e.detail()).contains("DONE, 3 instances, 3 to the import route"));
        assertThat(trail(bsn)).as("A's repository served the KOS to B's node").anyMatch(e -> e.type() == EventType.RETRIEVE
                && e.actor().userId().equals(NODE_USER) && e.detail().contains("served"));
    }

    /**
     * A row's report (part 3): B's clinician opens it from the timeline; B's node retrieves it by ITI-43 from A's
     * repository (consent asked there, the retrieval audited here) and shows its text on the page, Dutch and English,
     * with the study's local time, and gives it as JSON over the API. A report whose repository cannot be reached is
     * said as such on the page (502 on the API), not shown as an empty report.
     */
    @Test
    void aRowsReportIsReadFromItsRepositoryAndAnUnreachableRepositoryIsSaid() throws Exception {
        Bsn bsn = Bsn.parse(TestBsns.first(16).get(15));
        patient("B-TL-9", bsn, BsnStatus.VERIFIED);
        consentToImageAvailability(bsn);
        String study = TestSubmissions.uid(random);
        Study unreachable = Study.random(random, "CT");
        try (LosingProxy network = new LosingProxy(Proxy.PORT, node.tls().getSocketFactory(), httpPort)) {
            registerAsHospitalA(bsn, study, List.of(ctOfA(study, ".1", ".1.1")),
                    "Longen: geen afwijkingen.\nConclusie: normaal onderzoek.");
            register(bsn, unreachable, "CT hersenen", "Verslag CT hersenen");

            HttpResponse<String> api = get("/api/images/report?localId=B-TL-9&studyInstanceUid=" + study, null);
            assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
            JsonNode report = json.readTree(api.body());
            assertThat(report.get("text").asText()).isEqualTo("Longen: geen afwijkingen.\nConclusie: normaal onderzoek.");
            assertThat(report.get("procedure").asText()).isEqualTo("CT thorax A");
            assertThat(report.get("title").asText()).isEqualTo("Verslag CT thorax");

            JsonNode row = row(json.readTree(get("/api/images/timeline?localId=B-TL-9", null).body()).get("rows"), study);
            String timeline = get("/images?localId=B-TL-9", "nl").body();
            assertThat(timeline).contains("/images?localId=B-TL-9&amp;report=" + study);
            String nl = get("/images?localId=B-TL-9&report=" + study, "nl").body();
            assertThat(nl).contains("Verslag: CT thorax A " + row.get("started").asText().replace('T', ' ')
                    .substring(0, 16)).contains("Longen: geen afwijkingen.").contains("Conclusie: normaal onderzoek.")
                    .contains("Verslag sluiten").doesNotContain("Exception").doesNotContain("\"text\"");
            String en = get("/images?lang=en&localId=B-TL-9&report=" + study, null).body();
            assertThat(en).contains("Report: CT thorax A").contains("Longen: geen afwijkingen.")
                    .contains("Close the report");

            String down = get("/images?localId=B-TL-9&report=" + unreachable.studyUid(), "nl").body();
            assertThat(down).contains("id=\"report-unavailable\"")
                    .contains("Het verslag kon niet uit zijn repository worden opgehaald").doesNotContain("report-text")
                    .doesNotContain("Exception:");
            assertThat(get("/images?lang=en&localId=B-TL-9&report=" + unreachable.studyUid(), null).body())
                    .contains("The report could not be retrieved from its repository");
            HttpResponse<String> apiDown = get("/api/images/report?localId=B-TL-9&studyInstanceUid="
                    + unreachable.studyUid(), null);
            assertThat(apiDown.statusCode()).as(apiDown.body()).isEqualTo(502);
            assertThat(json.readTree(apiDown.body()).get("error").asText()).contains("could not be retrieved");

            browse(page -> {
                // As the radiologist does it, in headless chromium: the row's report link, then the other row's.
                page.navigate("https://127.0.0.1:" + httpPort + "/images?lang=en&localId=B-TL-9");
                page.click("tr[data-study='" + study + "'] a[id^='report-']");
                page.waitForSelector("#report-text");
                assertThat(page.textContent("#report-text")).contains("Longen: geen afwijkingen.")
                        .contains("Conclusie: normaal onderzoek.");
                assertThat(page.textContent("#report h3")).startsWith("Report: CT thorax A 2026-11-25");
                page.click("tr[data-study='" + unreachable.studyUid() + "'] a[id^='report-']");
                page.waitForSelector("#report-unavailable");
                assertThat(page.textContent("#report-unavailable"))
                        .startsWith("The report could not be retrieved from its repository; try again later.");
                assertThat(page.locator("#report-text").count()).isZero();
            });
        }
        List<AuditEvent> retrieves = trail(bsn).stream().filter(e -> e.type() == EventType.RETRIEVE
                && e.actor().userId().equals(CLINICIAN) && e.detail().startsWith("image report ")).toList();
        assertThat(retrieves).filteredOn(e -> e.detail().contains("shown as text")).hasSize(4)
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS));
        assertThat(retrieves).filteredOn(e -> e.detail().contains("not given")).hasSize(4)
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE));
        assertThat(trail(bsn)).as("A's repository served the report to B's node").anyMatch(e -> e.type()
                == EventType.RETRIEVE && e.actor().userId().equals(NODE_USER) && e.detail().contains("report"));
    }

    /** Logged in as the clinician in headless Debian chromium (Playwright), trusting the node's test certificate. */
    private void browse(java.util.function.Consumer<com.microsoft.playwright.Page> steps) {
        java.nio.file.Path chromium = java.nio.file.Paths.get("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            String message = "chromium is not installed; run .ci/run (it installs Debian's chromium)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail(message);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, message);
        }
        try (com.microsoft.playwright.Playwright playwright = com.microsoft.playwright.Playwright.create(
                new com.microsoft.playwright.Playwright.CreateOptions()
                        .setEnv(java.util.Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             com.microsoft.playwright.Browser browser = playwright.chromium().launch(
                     new com.microsoft.playwright.BrowserType.LaunchOptions().setExecutablePath(chromium)
                             .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
                                     "--no-first-run", "--disable-background-networking",
                                     "--disable-component-update", "--disable-sync")))) {
            com.microsoft.playwright.Page page = browser.newContext(
                    new com.microsoft.playwright.Browser.NewContextOptions().setIgnoreHTTPSErrors(true)).newPage();
            page.navigate("https://127.0.0.1:" + httpPort + "/?lang=en");
            page.fill("#username", CLINICIAN);
            page.fill("#password", CLINICIAN_PASSWORD);
            page.click("#login");
            page.waitForLoadState();
            steps.accept(page);
        }
    }

    /** A CT instance in A's PACS, under A's own patient number and issuer, as A's PACS keeps it. */
    private DataSet ctOfA(String study, String series, String instance) {
        DataSet ds = TestSubmissions.ownPacsHead(study, series, instance, CT, "CT", "A-77", ISSUER_A);
        ds.setString(Tag.StudyDescription, VR.LO, "CT thorax A");
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jan");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[8 * 8 * 2]);
        return ds;
    }

    private static byte[] part10(DataSet ds) throws IOException {
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(ds.getString(Tag.SOPClassUID),
                ds.getString(Tag.SOPInstanceUID), ts, "PACSA"), ds, ts, true), out);
        return out.toByteArray();
    }

    /**
     * Hospital A's source role for this study, as its registration job leaves it (RegistryNodeTest runs that job): the
     * XDS-I.b KOS kept in A's repository and registered with the index by ITI-42 (IPF's producer), BSN as patient,
     * A's own number as sourcePatientId.
     */
    private void registerAsHospitalA(Bsn bsn, String study, List<DataSet> instances) throws Exception {
        registerAsHospitalA(bsn, study, instances, null);
    }

    /** As {@link #registerAsHospitalA(Bsn, String, List)}, with {@code reportText} as the study's text report. */
    private void registerAsHospitalA(Bsn bsn, String study, List<DataSet> instances, String reportText)
            throws Exception {
        List<nl.zorgbrug.gateway.manifest.StudyManifest.Reference> refs = instances.stream()
                .map(ds -> new nl.zorgbrug.gateway.manifest.StudyManifest.Reference(ds.getString(Tag.SeriesInstanceUID),
                        CT, ds.getString(Tag.SOPInstanceUID))).toList();
        String kosUid = study + ".99";
        DicomFile kos = nl.zorgbrug.gateway.manifest.ManifestBuilder.buildXdsi(instances.get(0),
                new nl.zorgbrug.gateway.manifest.StudyManifest(kosUid, study, null, null, refs), kosUid + ".1",
                java.time.LocalDateTime.of(2026, 11, 25, 10, 0), "ZORGBRUG_A", REPOSITORY_A);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Part10Writer.write(kos, out);
        byte[] bytes = out.toByteArray();
        String kosSop = kos.dataSet().getString(Tag.SOPInstanceUID);
        RegisterDocumentSet request = nl.zorgbrug.registry.source.KosSubmission.of(kos.dataSet(), bytes, bsn,
                Set.of("CT"), new nl.zorgbrug.registry.source.KosSubmission.Source("2.16.528.1.1007.99.5",
                        REPOSITORY_A, null, "Ziekenhuis A", ISSUER_A, ZoneId.of("Europe/Amsterdam"),
                        new Code("IMAGES", new LocalizedString("Beelden"), "2.16.840.1.113883.2.4.3.11.60.40.4.4"),
                        new Code("N", new LocalizedString("normal"), "2.16.840.1.113883.5.25"),
                        new Code("Z3", new LocalizedString("Ziekenhuis"), "2.16.840.1.113883.2.4.15.1060"),
                        new Code("0362", new LocalizedString("Radiologie"), "2.16.840.1.113883.2.4.6.7")),
                java.time.ZonedDateTime.now());
        List<nl.zorgbrug.registry.source.KosRepository.KeptReport> reports = new java.util.ArrayList<>();
        if (reportText != null) {
            byte[] text = reportText.getBytes(StandardCharsets.UTF_8);
            nl.zorgbrug.registry.source.KosSubmission.withReport(request, new nl.zorgbrug.registry.source.ReportDocument(
                    study + ".3.1", "text/plain", nl.zorgbrug.registry.source.ReportDocument.TEXT, "Verslag CT thorax",
                    text), nl.zorgbrug.registry.source.KosSubmission.REPORTS, java.time.ZonedDateTime.now());
            reports.add(new nl.zorgbrug.registry.source.KosRepository.KeptReport(study + ".3.1", kosSop, study,
                    "text/plain", text, Instant.now()));
        }
        repositoryA.keep(new nl.zorgbrug.registry.source.KosRepository.KeptKos(kosSop, study,
                Math.abs(random.nextLong()), bytes, nl.zorgbrug.registry.model.EbRim.write(request), Instant.now(), null,
                null), reports);
        RegistryResponseType answer = node.ipf("xds-iti42", httpPort, SOURCE, SOURCE_PASSWORD,
                EbXML30Converters.convert(request), RegistryResponseType.class);
        Response response = EbXML30Converters.convert(answer);
        assertThat(response.getStatus()).as("%s", response.getErrors()).isEqualTo(Status.SUCCESS);
        repositoryA.registered(kosSop, Instant.now());
    }

    final Random random = new Random(System.nanoTime());
    final ObjectMapper json = RegistryNodeFixture.JSON;

    @Test
    void aClinicianSeesEachStudyOnceWithItsReportAndTheOwnPacsStudiesMerged() throws Exception {
        Bsn bsn = Bsn.parse(TestBsns.first(12).get(7));
        MpiPatient patient = patient("B-TL-1", bsn, BsnStatus.VERIFIED);
        consentToImageAvailability(bsn);
        Study ct = Study.random(random, "CT");
        Study mr = Study.random(random, "MR");
        register(bsn, ct, "CT thorax", "Verslag CT thorax");
        register(bsn, mr, "MRI knie", null);
        // B already has the MR (sent along with a referral earlier, under B's local id) and a study of its own.
        storeInPacsB(mr.studyUid(), MR, "MR", patient.localId(), "MRI knie");
        String own = TestSubmissions.uid(random);
        storeInPacsB(own, CT, "CT", patient.localId(), "CT abdomen");

        JsonNode t;
        String nl;
        String en;
        try (LosingProxy network = new LosingProxy(Proxy.PORT, node.tls().getSocketFactory(), httpPort)) {
            t = json.readTree(get("/api/images/timeline?localId=" + patient.localId(), null).body());
            // The console, in Dutch and in English: studies by their procedure, not their UIDs.
            nl = get("/images?bsn=" + bsn.value(), "nl").body();
            en = get("/images?lang=en&bsn=" + bsn.value(), null).body();
        }

        assertThat(t.at("/index/state").asText()).as(t.toString()).isEqualTo("COMPLETE");
        assertThat(t.at("/ownPacs/asked").asBoolean()).as(t.toString()).isTrue();
        assertThat(t.at("/patient/bsn").asText()).as("masked for a clinician").doesNotContain(bsn.value());
        JsonNode rows = t.get("rows");
        assertThat(rows).hasSize(3);
        JsonNode ctRow = row(rows, ct.studyUid());
        assertThat(ctRow.get("institution").asText()).isEqualTo("Ziekenhuis Test");
        assertThat(ctRow.get("procedure").asText()).isEqualTo("CT thorax");
        assertThat(ctRow.get("alreadyHere").asBoolean()).isFalse();
        assertThat(ctRow.at("/report/title").asText()).isEqualTo("Verslag CT thorax");
        assertThat(ctRow.get("started").asText()).isEqualTo(ct.start().withZoneSameInstant(ZoneId.of("Europe/Amsterdam"))
                .toLocalDateTime().toString());
        JsonNode mrRow = row(rows, mr.studyUid());
        assertThat(mrRow.get("alreadyHere").asBoolean()).isTrue();
        assertThat(mrRow.get("report").isNull()).isTrue();
        JsonNode ownRow = row(rows, own);
        assertThat(ownRow.get("institution").asText()).isEqualTo("Ziekenhuis B");
        assertThat(ownRow.get("procedure").asText()).isEqualTo("CT abdomen");
        assertThat(ownRow.get("manifest").isNull()).isTrue();

        List<AuditEvent> trail = trail(bsn);
        assertThat(trail).filteredOn(e -> e.type() == EventType.QUERY && e.actor().userId().equals(CLINICIAN)
                && e.detail().startsWith("image availability")).hasSize(3).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(e.destination().name()).contains("/services/xds-iti18");
            assertThat(e.detail()).contains("COMPLETE, 3 entries").doesNotContain(bsn.value());
        });
        assertThat(trail).as("the registry's side: the node's own queries, for its organisation")
                .filteredOn(e -> e.type() == EventType.QUERY && e.actor().userId().equals(NODE_USER)).hasSize(3);
        assertThat(trail).filteredOn(e -> e.type() == EventType.CONSENT_DECISION)
                .allSatisfy(e -> assertThat(e.detail()).contains("IMAGE_AVAILABILITY")).hasSizeGreaterThanOrEqualTo(2);

        assertThat(nl).contains("Beelden in de regio", "CT thorax", "Verslag CT thorax", "MRI knie", "Ziekenhuis B")
                .contains("compleet").doesNotContain(">" + ct.studyUid() + "<");
        assertThat(en).contains("Images in the region", "Already here", "complete");
    }

    @Test
    void theIndexDownIsIndexUnreachableIncompleteNeverNoStudies() throws Exception {
        Bsn bsn = Bsn.parse(TestBsns.first(12).get(8));
        MpiPatient patient = patient("B-TL-2", bsn, BsnStatus.VERIFIED_AND_VALIDATED);
        consentToImageAvailability(bsn);
        register(bsn, Study.random(random, "CT"), "CT thorax", null);
        String own = TestSubmissions.uid(random);
        storeInPacsB(own, CT, "CT", patient.localId(), "CT hersenen");

        // No network to the registry: connection refused.
        JsonNode t = json.readTree(get("/api/images/timeline?bsn=" + bsn.value(), null).body());
        assertThat(t.at("/index/state").asText()).isEqualTo("UNREACHABLE");
        assertThat(t.at("/index/complete").asBoolean()).isFalse();
        assertThat(t.at("/index/en").asText()).isEqualTo("index unreachable, incomplete");
        assertThat(t.get("rows")).extracting(r -> r.get("studyInstanceUid").asText()).containsExactly(own);

        String nl = get("/images?localId=" + patient.localId(), "nl").body();
        assertThat(nl).contains("index onbereikbaar, onvolledig", "CT hersenen").doesNotContain("Geen onderzoeken");
        assertThat(trail(bsn)).filteredOn(e -> e.type() == EventType.QUERY && e.actor().userId().equals(CLINICIAN)
                && e.detail().startsWith("image availability")).isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
                    assertThat(e.detail()).contains("UNREACHABLE");
                });
    }

    @Test
    void withoutConsentOrAVerifiedBsnNothingLeavesAndTheTimelineSaysWhy() throws Exception {
        Bsn refused = Bsn.parse(TestBsns.first(12).get(9));
        patient("B-TL-3", refused, BsnStatus.VERIFIED);
        register(refused, Study.random(random, "CT"), "CT thorax", null);
        Bsn unchecked = Bsn.parse(TestBsns.first(12).get(10));
        patient("B-TL-4", unchecked, BsnStatus.UNCHECKED);
        consentToImageAvailability(unchecked);
        register(unchecked, Study.random(random, "CT"), "CT thorax", null);

        JsonNode noConsent;
        JsonNode notVerified;
        try (LosingProxy network = new LosingProxy(Proxy.PORT, node.tls().getSocketFactory(), httpPort)) {
            noConsent = json.readTree(get("/api/images/timeline?localId=B-TL-3", null).body());
            notVerified = json.readTree(get("/api/images/timeline?localId=B-TL-4", null).body());
        }
        assertThat(noConsent.at("/index/state").asText()).isEqualTo("NO_CONSENT");
        assertThat(noConsent.at("/index/en").asText()).contains("no consent");
        assertThat(notVerified.at("/index/state").asText()).isEqualTo("NOT_PERMITTED");
        assertThat(notVerified.at("/index/detail").asText()).contains("verified");
        for (Bsn bsn : List.of(refused, unchecked)) {
            List<AuditEvent> trail = trail(bsn);
            assertThat(trail).as("nothing reached the registry").noneMatch(e -> e.type() == EventType.QUERY
                    && e.actor().userId().equals(NODE_USER));
            assertThat(trail).filteredOn(e -> e.type() == EventType.QUERY && e.actor().userId().equals(CLINICIAN)
                    && e.detail().startsWith("image availability")).singleElement()
                    .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.MINOR_FAILURE));
        }
        assertThat(trail(refused)).filteredOn(e -> e.type() == EventType.CONSENT_DECISION).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("IMAGES DENY NO_CONSENT"));
        assertThat(get("/api/images/timeline?localId=NOBODY", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/images/timeline?bsn=" + refused.value(), null, SOURCE, SOURCE_PASSWORD).statusCode())
                .as("a system user may not ask").isEqualTo(403);
    }

    private MpiPatient patient(String localId, Bsn bsn, BsnStatus status) {
        MpiPatient p = new MpiPatient(localId, ISSUER_B, bsn, status, "Dijk", "Jan", "19700101", "M");
        mpi.save(p);
        book.save(new Institution("pacs-b", "PACS ziekenhuis B", null, null, ISSUER_B, OrthancPeer.AET, "127.0.0.1",
                pacsB.dicomPort(), false, null, null, null));
        return p;
    }

    /** Hospital A registers the study's KOS, with the report as its own entry (classCode REPORTS) when given. */
    private void register(Bsn bsn, Study study, String procedure, String reportTitle) {
        RegisterDocumentSet request = TestSubmissions.kos(bsn, study, random);
        DocumentEntry kos = request.getDocumentEntries().get(0);
        kos.setTitle(new LocalizedString(procedure, "nl-NL", "UTF-8"));
        if (reportTitle != null) {
            DocumentEntry report = TestSubmissions.kosEntry(kos.getPatientId(), study, random, "Document02");
            report.setClassCode(new Code("REPORTS", new LocalizedString("Verslagen"),
                    "2.16.840.1.113883.2.4.3.11.60.40.4.4"));
            report.setTypeCode(new Code("18782-3", new LocalizedString("Radiology Study observation (narrative)"),
                    TestSubmissions.LOINC));
            report.setFormatCode(new Code("urn:ihe:iti:xds-sd:text:2008", new LocalizedString("text"),
                    "1.3.6.1.4.1.19376.1.2.3"));
            report.setMimeType("text/plain");
            report.setTitle(new LocalizedString(reportTitle, "nl-NL", "UTF-8"));
            request.getDocumentEntries().add(report);
            request.getAssociations().add(TestSubmissions.member(request.getSubmissionSet(), report, "Association02"));
        }
        RegistryResponseType answer = node.ipf("xds-iti42", httpPort, SOURCE, SOURCE_PASSWORD,
                EbXML30Converters.convert(request), RegistryResponseType.class);
        Response response = EbXML30Converters.convert(answer);
        assertThat(response.getStatus()).as("%s", response.getErrors()).isEqualTo(Status.SUCCESS);
    }

    /** One instance in B's Orthanc, under B's local id, through Orthanc's REST API. */
    private void storeInPacsB(String study, String sopClass, String modality, String localId, String description)
            throws Exception {
        DataSet ds = TestSubmissions.ownPacsHead(study, ".1", ".1.1", sopClass, modality, localId, ISSUER_B);
        ds.setString(Tag.StudyDescription, VR.LO, description);
        ds.setBytes(Tag.PixelData, VR.OW, new byte[8 * 8 * 2]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = node.dir.resolve(study + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(sopClass, study + ".1.1", ts, "PACSB"), ds, ts,
                true), file);
        HttpResponse<String> stored = pacsB.postBytes("/instances", Files.readAllBytes(file));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    }

    private static JsonNode row(JsonNode rows, String study) {
        for (JsonNode r : rows) {
            if (r.get("studyInstanceUid").asText().equals(study)) {
                return r;
            }
        }
        throw new AssertionError("no row for study " + study + " in " + rows);
    }

    private List<AuditEvent> trail(Bsn bsn) {
        return RegistryNodeFixture.trail(dataSource, bsn);
    }

    private HttpResponse<String> get(String path, String language) throws Exception {
        return get(path, language, CLINICIAN, CLINICIAN_PASSWORD);
    }

    private HttpResponse<String> get(String path, String language, String user, String password) throws Exception {
        HttpRequest.Builder request = node.request(httpPort, path, user, password).GET();
        if (language != null) {
            request.header("Accept-Language", language);
        }
        return node.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    void consentToImageAvailability(Bsn bsn) {
        node.consentToImageAvailability(consent, bsn);
    }
}

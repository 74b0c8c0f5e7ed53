package nl.zorgbrug.app.registry;

import static nl.zorgbrug.app.registry.RegistryNodeFixture.CLINICIAN;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.CLINICIAN_PASSWORD;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.CONSUMER_URA;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.CT;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE;
import static nl.zorgbrug.app.registry.RegistryNodeFixture.SOURCE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
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
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.DcmqrscpPeer;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.Peers;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.inbound.stowrs.MultipartRelated;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.registry.TestSubmissions;

/**
 * C-MOVE on both sides of image availability (issue 20) with dcmtk's dcmqrscp as a DIMSE-only PACS, configured as a
 * hospital configures one (its file lists the move destinations it knows). Hospital B's node, started as {@code
 * bin/zorgbrug serve} starts it, with its move destination {@code ZB_MOVE_B}:
 * <ul>
 * <li>as consumer, imports a study of hospital A whose repository lists {@code retrieval: C_MOVE}: the KOS by ITI-43,
 * the instances by C-MOVE from A's dcmqrscp into B's import route, so B's Orthanc (as installed) holds them under B's
 * local id and issuer, and an instance of another patient lands on the quarantine worklist. While A's PACS does not
 * know B's move destination the import waits and says which AE title, host and port to register; once A registers
 * it, the import's retry brings every instance once;</li>
 * <li>as source, serves WADO-RS from its own dcmqrscp (no DICOMweb) through the export swap: the BSN in place of the
 * local number.</li>
 * </ul>
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class CMoveNodeTest {
    static final String CONSUMER = "ris-consumer-b";
    static final String CONSUMER_PASSWORD = "consumer-test";
    static final String ISSUER_B = "2.16.528.1.1007.99.8";
    static final String ISSUER_A = "2.16.528.1.1007.99.1";
    static final String REPOSITORY = "2.16.528.1.1007.99.7.1";
    static final String MOVE_AE = "ZB_MOVE_B";
    static final RegistryNodeFixture node = RegistryNodeFixture.create("cmove");
    static final int PORT;
    static final int MOVE_PORT;
    /** Hospital B's own PACS without DICOMweb, listing B's move destination. */
    static final DcmqrscpPeer ownPacs;
    /** Hospital B's PACS as installed (Orthanc): where the import route delivers. */
    static final OrthancPeer pacsB;

    static {
        try {
            PORT = Peers.freePort();
            MOVE_PORT = Peers.freePort();
            ownPacs = DcmqrscpPeer.start(node.dir.resolve("own-pacs"), "PACS_B_DIMSE", Map.of(MOVE_AE, MOVE_PORT));
            pacsB = node.startPacsB();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start dcmqrscp or Orthanc (run .ci/run): " + e.getMessage(), e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("server.port", () -> String.valueOf(PORT));
        node.node(r, "cmove");
        node.registryUsers(r, CONSUMER, CONSUMER_PASSWORD);
        node.source(r, () -> "https://127.0.0.1:" + PORT + "/services/xds-iti42", "Ziekenhuis B", ISSUER_B,
                REPOSITORY);
        r.add("zorgbrug.registry.source.trust-store", () -> node.trustStore().toString());
        r.add("zorgbrug.registry.source.trust-store-password", () -> "changeit");
        r.add("zorgbrug.registry.source.user", () -> SOURCE);
        r.add("zorgbrug.registry.source.password", () -> SOURCE_PASSWORD);
        node.registrationRoute(r, ISSUER_B);
        node.quickRetries(r);
        r.add("zorgbrug.gateway.calling-ae-title", () -> "ZORGBRUG_B");
        r.add("zorgbrug.audit.organisation-ura", () -> CONSUMER_URA);
        node.clinician(r);
        // The node's move destination, which every PACS it moves from must list (dcmqrscp's HostTable).
        r.add("zorgbrug.registry.move-destination.ae-title", () -> MOVE_AE);
        r.add("zorgbrug.registry.move-destination.port", () -> String.valueOf(MOVE_PORT));
        r.add("zorgbrug.registry.move-destination.host", () -> "127.0.0.1");
        // Source role: the own PACS is DIMSE only, by its address-book entry.
        r.add("zorgbrug.registry.source.pacs.node", () -> "own-pacs");
        // Consumer role: hospital A's repository lists C-MOVE from A's DICOM node (address-book entry hospital-a).
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
        r.add("zorgbrug.registry.consumer.repositories[0].institution", () -> "hospital-a");
        r.add("zorgbrug.registry.consumer.repositories[0].retrieval", () -> "C_MOVE");
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
        ownPacs.close();
        pacsB.close();
    }

    @Autowired
    ConsentService consent;

    @Autowired
    DataSource dataSource;

    @Autowired
    MpiStore mpi;

    @Autowired
    AddressBook book;

    @Autowired
    JobRepository jobs;

    @Autowired
    QuarantineRepository quarantine;

    @Autowired
    nl.zorgbrug.registry.source.KosRepository repository;

    @Autowired
    Acceptor dicom;

    final Random random = new Random(System.nanoTime());

    @Test
    void aStudyOfHospitalAIsImportedByCMoveOnceItsPacsKnowsTheMoveDestination() throws Exception {
        Bsn bsn = Bsn.parse(TestBsns.first(31).get(30));
        mpi.save(new MpiPatient("B-CM-1", ISSUER_B, bsn, BsnStatus.VERIFIED, "Dijk", "Jan", "19700101", "M"));
        pacsBInBook();
        node.consentToImageAvailability(consent, bsn);
        String study = TestSubmissions.uid(random);
        List<DataSet> instances = List.of(ctOfA(study, ".1", ".1.1", "A-77"), ctOfA(study, ".1", ".1.2", "A-77"),
                ctOfA(study, ".2", ".2.1", "A-78"));
        Path pacsA = node.dir.resolve("pacs-a-" + study);
        // Hospital A's PACS as first found: it does not list B's move destination.
        DcmqrscpPeer unaware = DcmqrscpPeer.start(pacsA, Map.of());
        DcmqrscpPeer aware = null;
        try {
            unaware.store(files(pacsA, instances));
            hospitalA(unaware.port());
            registerAsHospitalA(bsn, study, instances);

            HttpResponse<String> requested = node.postAsClinician(PORT, "/api/images/import", "{\"localId\":"
                    + " \"B-CM-1\", \"studyInstanceUid\": \"" + study + "\"}");
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
            long id = RegistryNodeFixture.JSON.readTree(requested.body()).get("id").asLong();
            JsonNode waiting = awaitReason(id);
            assertThat(waiting.get("state").asText()).isEqualTo("WAITING");
            assertThat(waiting.get("reason").asText()).contains("does not know the move destination",
                    "register AE title " + MOVE_AE + " with host 127.0.0.1 and port " + MOVE_PORT,
                    DcmqrscpPeer.AET, "automatic retry");
            assertThat(waiting.get("imported").asInt()).isZero();

            // Hospital A registers B's move destination in its PACS (dcmqrscp reads its file at start).
            unaware.close();
            aware = DcmqrscpPeer.start(pacsA, Map.of(MOVE_AE, MOVE_PORT));
            hospitalA(aware.port());
            JsonNode done = node.awaitImport(PORT, id);
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("DONE");
            assertThat(done.get("instances").asInt()).isEqualTo(3);
            assertThat(done.get("imported").asInt()).isEqualTo(2);
            assertThat(done.get("quarantined").asInt()).isEqualTo(1);
            assertThat(done.get("reason").asText()).startsWith("PATIENT_DIFFERS: 1 instance(s)")
                    .contains(study + ".2.1");
        } finally {
            unaware.close();
            if (aware != null) {
                aware.close();
            }
        }
        // The import route's job delivers to B's Orthanc: the two under B's local id and issuer, each once.
        JsonNode inB = RegistryNodeFixture.awaitInstances(pacsB, study, 2);
        assertThat(inB).as("B's Orthanc holds the requested patient's instances").hasSize(2);
        for (JsonNode instance : inB) {
            JsonNode tags = RegistryNodeFixture.JSON.readTree(pacsB.get("/instances/" + instance.get("ID").asText()
                    + "/simplified-tags").body());
            assertThat(tags.get("PatientID").asText()).isEqualTo("B-CM-1");
            assertThat(tags.get("IssuerOfPatientID").asText()).isEqualTo(ISSUER_B);
            assertThat(tags.get("SOPInstanceUID").asText()).isIn(study + ".1.1", study + ".1.2");
        }
        List<QuarantineItem> held = quarantine.byStudy(study);
        assertThat(held).singleElement().satisfies(q -> {
            assertThat(q.sopInstanceUid()).isEqualTo(study + ".2.1");
            assertThat(q.route()).isEqualTo("import");
            assertThat(q.reasonCode()).isEqualTo("PATIENT_DIFFERS");
            assertThat(q.messageEn()).contains("asked for BSN " + bsn.masked()).doesNotContain(bsn.value());
        });
        assertThat(trail(bsn)).filteredOn(e -> e.type() == EventType.RETRIEVE && e.actor().userId().equals(CLINICIAN))
                .anySatisfy(e -> assertThat(e.detail()).contains("DONE, 3 instances, 2 to the import route,"
                        + " 1 quarantined"));
    }

    @Test
    void wadoRsIsServedFromTheOwnDimseOnlyPacsThroughTheExportSwap() throws Exception {
        Dcmtk.require();
        Bsn bsn = Bsn.parse(TestBsns.first(33).get(32));
        node.consentToImageAvailability(consent, bsn);
        mpi.save(new MpiPatient("B-OWN-1", ISSUER_B, bsn, BsnStatus.VALIDATED, "Dijk", "Jürgen", "19811231", "M"));
        book.save(new Institution("own-pacs", "Eigen PACS", null, null, ISSUER_B, ownPacs.aeTitle(), "127.0.0.1",
                ownPacs.port(), false, null, null, null));
        String study = TestSubmissions.uid(random);
        Path dir = Files.createDirectories(node.dir.resolve("own-" + study));
        List<DataSet> instances = List.of(own(study, ".1.1"), own(study, ".1.2"));
        List<Path> files = files(dir, instances);
        ownPacs.store(files);
        // The PACS forwards the study to the registration route, which registers its KOS (as a hospital sets it up).
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_REGISTER", dicom.port(), files)).isZero();
        RegistryNodeFixture.awaitRegistration(jobs, study, j -> j.state() == JobState.DONE, "DONE");

        HttpResponse<byte[]> wado = node.send(node.request(PORT, "/dicomweb/wado/studies/" + study, CONSUMER,
                CONSUMER_PASSWORD).header("Accept", "multipart/related; type=\"application/dicom\"").GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(wado.statusCode()).as(new String(wado.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        List<DataSet> parts = parts(wado);
        assertThat(parts).extracting(ds -> ds.getString(Tag.SOPInstanceUID))
                .containsExactlyInAnyOrder(study + ".1.1", study + ".1.2");
        assertThat(parts).allSatisfy(ds -> {
            assertThat(ds.getString(Tag.PatientID)).isEqualTo(bsn.value());
            assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
            assertThat(ds.getSequence(Tag.OtherPatientIDsSequence)).extracting(i -> i.getString(Tag.PatientID))
                    .contains("B-OWN-1");
            assertThat(ds.getBytes(Tag.PixelData)).as("the pixels as the PACS keeps them")
                    .isEqualTo(pixels(ds.getString(Tag.SOPInstanceUID)));
        });
        java.util.function.Predicate<AuditEvent> served = e -> e.type() == EventType.RETRIEVE
                && e.actor().userId().equals(CONSUMER) && e.detail().startsWith("WADO-RS:")
                && e.detail().contains("2 of 2 instances");
        assertThat(RegistryNodeFixture.awaitTrail(dataSource, bsn, t -> t.stream().anyMatch(served))).anyMatch(served);
        assertThat(node.dir.resolve("data").resolve("work").resolve("moved")).as("no moved file left behind")
                .satisfies(d -> assertThat(!Files.exists(d) || isEmpty(d)).isTrue());
    }

    private static boolean isEmpty(Path d) {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void pacsBInBook() {
        book.save(new Institution("pacs-b", "PACS ziekenhuis B", null, null, ISSUER_B, OrthancPeer.AET, "127.0.0.1",
                pacsB.dicomPort(), false, null, null, null));
    }

    /** Hospital A's DICOM node in B's address book: the PACS B's node moves A's instances from. */
    private void hospitalA(int port) {
        book.save(new Institution("hospital-a", "Ziekenhuis A", null, null, ISSUER_A, DcmqrscpPeer.AET, "127.0.0.1",
                port, false, null, null, null));
    }

    /** The import's state once its first attempt has left a reason (it is retried), or after a minute. */
    private JsonNode awaitReason(long id) throws Exception {
        JsonNode state = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            state = RegistryNodeFixture.JSON.readTree(node.send(node.request(PORT, "/api/images/imports/" + id,
                    CLINICIAN, CLINICIAN_PASSWORD).GET(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .body());
            if (state.hasNonNull("reason") && !state.get("reason").asText().isEmpty()) {
                return state;
            }
            Thread.sleep(200);
        }
        return state;
    }

    /** A CT instance in A's PACS, under A's own patient number and issuer, as A's PACS keeps it. */
    private static DataSet ctOfA(String study, String series, String instance, String patientId) {
        DataSet ds = TestSubmissions.ownPacsHead(study, series, instance, CT, "CT", patientId, ISSUER_A);
        ds.setString(Tag.StudyDescription, VR.LO, "CT thorax A");
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jan");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setBytes(Tag.PixelData, VR.OW, pixels(study + instance));
        return ds;
    }

    /** A CT instance in B's own PACS under B's local number. */
    private static DataSet own(String study, String instance) {
        DataSet ds = TestSubmissions.ownPacsHead(study, ".1", instance, CT, "CT", "B-OWN-1", ISSUER_B);
        ds.setString(Tag.StudyDescription, VR.LO, "CT thorax");
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jurgen");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19811231");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setBytes(Tag.PixelData, VR.OW, pixels(study + instance));
        return ds;
    }

    static byte[] pixels(String sop) {
        byte[] b = new byte[16 * 16 * 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 13 + sop.hashCode());
        }
        return b;
    }

    private static List<Path> files(Path dir, List<DataSet> instances) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        for (DataSet ds : instances) {
            String sop = ds.getString(Tag.SOPInstanceUID);
            Path file = dir.resolve(sop + ".dcm");
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create(ds.getString(Tag.SOPClassUID), sop, ts,
                    "MODALITY"), ds, ts, true), file);
            files.add(file);
        }
        return files;
    }

    /**
     * Hospital A's source role for this study, as its registration job leaves it: the XDS-I.b KOS kept in the
     * repository and registered with the index by ITI-42 (IPF's producer), BSN as patient, A's own number as
     * sourcePatientId (taken from the first instance).
     */
    private void registerAsHospitalA(Bsn bsn, String study, List<DataSet> instances) throws Exception {
        List<nl.zorgbrug.gateway.manifest.StudyManifest.Reference> refs = instances.stream()
                .map(ds -> new nl.zorgbrug.gateway.manifest.StudyManifest.Reference(ds.getString(Tag.SeriesInstanceUID),
                        CT, ds.getString(Tag.SOPInstanceUID))).toList();
        String kosUid = study + ".99";
        DicomFile kos = nl.zorgbrug.gateway.manifest.ManifestBuilder.buildXdsi(instances.get(0),
                new nl.zorgbrug.gateway.manifest.StudyManifest(kosUid, study, null, null, refs), kosUid + ".1",
                LocalDateTime.of(2026, 11, 25, 10, 0), "ZORGBRUG_A", REPOSITORY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(kos, out);
        byte[] bytes = out.toByteArray();
        String kosSop = kos.dataSet().getString(Tag.SOPInstanceUID);
        RegisterDocumentSet request = nl.zorgbrug.registry.source.KosSubmission.of(kos.dataSet(), bytes, bsn,
                Set.of("CT"), new nl.zorgbrug.registry.source.KosSubmission.Source("2.16.528.1.1007.99.5",
                        REPOSITORY, null, "Ziekenhuis A", ISSUER_A, ZoneId.of("Europe/Amsterdam"),
                        new Code("IMAGES", new LocalizedString("Beelden"), "2.16.840.1.113883.2.4.3.11.60.40.4.4"),
                        new Code("N", new LocalizedString("normal"), "2.16.840.1.113883.5.25"),
                        new Code("Z3", new LocalizedString("Ziekenhuis"), "2.16.840.1.113883.2.4.15.1060"),
                        new Code("0362", new LocalizedString("Radiologie"), "2.16.840.1.113883.2.4.6.7")),
                ZonedDateTime.now());
        repository.keep(new nl.zorgbrug.registry.source.KosRepository.KeptKos(kosSop, study,
                Math.abs(random.nextLong()), bytes, nl.zorgbrug.registry.model.EbRim.write(request), Instant.now(), null,
                null));
        RegistryResponseType answer = node.ipf("xds-iti42", PORT, SOURCE, SOURCE_PASSWORD,
                EbXML30Converters.convert(request), RegistryResponseType.class);
        Response response = EbXML30Converters.convert(answer);
        assertThat(response.getStatus()).as("%s", response.getErrors()).isEqualTo(Status.SUCCESS);
        repository.registered(kosSop, Instant.now());
    }

    private static List<DataSet> parts(HttpResponse<byte[]> response) throws IOException {
        String boundary = MultipartRelated.boundary(response.headers().firstValue("Content-Type").orElseThrow());
        List<DataSet> out = new ArrayList<>();
        MultipartRelated.parse(new ByteArrayInputStream(response.body()), boundary, (headers, body) -> {
            byte[] bytes = body.readAllBytes();
            out.add(Part10Reader.read(new ByteArrayInputStream(bytes), "WADO-RS part", bytes.length, -1L).dataSet());
        });
        return out;
    }

    private List<AuditEvent> trail(Bsn bsn) {
        return RegistryNodeFixture.trail(dataSource, bsn);
    }
}

package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.events.EventHub;

/**
 * The measurement over the job log in the whole node (issue 18): dcmtk sends through the export and import routes,
 * the "compliance" subscriber of the outbox records each object, and the REST API gives the shares per direction and
 * institution, the studies behind a number, a study's evidence (BSN masked), a reproducible sample, a person's
 * exemption with its reason, and the Prometheus gauge.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
class ComplianceNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String BSN_OID = "2.16.840.1.113883.2.4.6.3";
    /** A test BSN (passes the 11-proof), never a real person's. */
    static final String BSN = "999911120";
    static Path dir;
    static Process remote;
    static Process pacs;
    static int remotePort;
    static int pacsPort;

    @BeforeAll
    static void peers() throws IOException {
        Dcmtk.require();
        dir = Files.createTempDirectory("zorgbrug-compliance-node");
        remotePort = Dcmtk.freePort();
        pacsPort = Dcmtk.freePort();
        remote = Dcmtk.storescp("REMOTE", remotePort, Files.createDirectories(dir.resolve("remote")), dir.resolve("r.log"));
        pacs = Dcmtk.storescp("OWNPACS", pacsPort, Files.createDirectories(dir.resolve("pacs")), dir.resolve("p.log"));
    }

    static com.icegreen.greenmail.util.GreenMail smtp;

    /** A real SMTP server on a free port, started before the node so its port is in the node's settings. */
    static synchronized com.icegreen.greenmail.util.GreenMail smtp() {
        if (smtp == null) {
            smtp = new com.icegreen.greenmail.util.GreenMail(com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
            smtp.start();
        }
        return smtp;
    }

    @AfterAll
    static void stopPeers() {
        if (smtp != null) {
            smtp.stop();
        }
        if (remote != null) {
            remote.destroy();
        }
        if (pacs != null) {
            pacs.destroy();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("zorgbrug-compliance-node");
        }
        TestNode.properties(r, dir, "compliancenode", LOCAL_ISSUER, "300ms");
        r.add("zorgbrug.node.id", () -> "node-c");
        r.add("zorgbrug.compliance.flush-interval", () -> "200ms");
        r.add("zorgbrug.compliance.digest.hospital-name", () -> "Ziekenhuis Zorgbrug");
        r.add("zorgbrug.compliance.digest.smtp.host", () -> "127.0.0.1");
        r.add("zorgbrug.compliance.digest.smtp.port", () -> String.valueOf(smtp().getSmtp().getPort()));
        r.add("zorgbrug.compliance.digest.smtp.from", () -> "zorgbrug@ziekenhuis.test");
        // The test's server offers no STARTTLS; a hospital's keeps the default REQUIRED (DigestDeliveryTest).
        r.add("zorgbrug.compliance.digest.smtp.start-tls", () -> "OPTIONAL");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    Acceptor dicom;

    @Autowired
    EventHub events;

    @Autowired
    javax.sql.DataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> call(String method, String path, String type, String body) throws Exception {
        return TestNode.call(http, httpPort, method, path, type, body);
    }

    private JsonNode get(String path) throws Exception {
        return json.readTree(call("GET", path, null, null).body());
    }

    /** A CT object of one study; {@code birth} as DA. */
    static Path object(Path dir, String patientId, String issuer, String study, int n, String birth) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, study + "." + n);
        ds.setString(Tag.StudyDate, VR.DA, "20261125");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jürgen");
        ds.setString(Tag.PatientID, VR.LO, patientId);
        if (issuer != null) {
            ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        }
        ds.setString(Tag.PatientBirthDate, VR.DA, birth);
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".0");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[16 * 16 * 2]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = dir.resolve(study + "." + n + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", study + "." + n, ts,
                "T"), ds, ts, true), file);
        return file;
    }

    private JsonNode awaitShare(String direction, int studies) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode overview = null;
        while (System.currentTimeMillis() < deadline) {
            events.catchUp();
            overview = get("/api/compliance/overview");
            if (overview.at("/directions/" + direction + "/share/studies").asInt() >= studies) {
                return overview;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the measurement did not reach " + studies + " " + direction + " studies: " + overview);
    }

    @Test
    void theNodeMeasuresWhatItSendsAndReceives() throws Exception {
        call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                + "birth_date,sex\nPAT-9," + LOCAL_ISSUER + "," + BSN + ",validated,Dijk,Jürgen,19811231,M\n");
        call("PUT", "/api/institutions/umcx", "application/json", "{\"key\":\"umcx\",\"name\":\"UMC X\",\"email\":"
                + "\"pacs-beheer@umcx.test\",\"aeTitle\":\"REMOTE\",\"host\":\"127.0.0.1\",\"port\":" + remotePort + ",\"tls\":false}");
        call("PUT", "/api/institutions/ownpacs", "application/json", "{\"key\":\"ownpacs\",\"name\":\"Eigen PACS\","
                + "\"aeTitle\":\"OWNPACS\",\"host\":\"127.0.0.1\",\"port\":" + pacsPort + ",\"tls\":false}");
        Path in = Files.createDirectories(dir.resolve("in"));
        String newborn = LocalDate.of(2026, 11, 22).format(DateTimeFormatter.BASIC_ISO_DATE);

        // Export: two objects with the local number; the swap puts the BSN in, so what leaves is CORRECT.
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", dicom.port(), List.of(
                object(in, "PAT-9", LOCAL_ISSUER, "2.25.777001", 1, "19811231"),
                object(in, "PAT-9", LOCAL_ISSUER, "2.25.777001", 2, "19811231")))).isZero();
        // Import from UMC X: one study correct, one with the BSN but no issuer (one object of two), one newborn.
        assertThat(Dcmtk.storescu("REMOTE", "ZB_IMPORT", dicom.port(), List.of(
                object(in, BSN, BSN_OID, "2.25.777002", 1, "19811231"),
                object(in, BSN, BSN_OID, "2.25.777003", 1, "19811231"),
                object(in, BSN, null, "2.25.777003", 2, "19811231"),
                object(in, "NB-1", LOCAL_ISSUER + ".7", "2.25.777004", 1, newborn)))).isZero();

        JsonNode overview = awaitShare("IMPORT", 3);
        awaitShare("EXPORT", 1);
        overview = get("/api/compliance/overview");
        assertThat(overview.at("/target").asDouble()).isEqualTo(95.0);
        JsonNode imports = overview.at("/directions/IMPORT");
        assertThat(imports.at("/share/studies").asInt()).isEqualTo(3);
        assertThat(imports.at("/share/correct").asInt()).isEqualTo(1);
        assertThat(imports.at("/share/exempt").asInt()).isEqualTo(1);
        assertThat(imports.at("/share/percent").asDouble()).isEqualTo(50.0);
        assertThat(imports.at("/byVerdict/CORRECT/objects").asInt()).isEqualTo(2);
        assertThat(imports.at("/byVerdict/CORRECT/studies").asInt()).isEqualTo(1);
        assertThat(imports.at("/byVerdict/BSN_WITHOUT_ISSUER/studies").asInt()).isEqualTo(1);
        assertThat(imports.at("/byVerdict/EXEMPT_NEWBORN/studies").asInt()).isEqualTo(1);
        assertThat(imports.at("/byExemption/NEWBORN").asInt()).isEqualTo(1);
        assertThat(imports.at("/belowTarget").get(0).asText()).isEqualTo("umcx");
        assertThat(imports.at("/trend")).hasSize(12);
        JsonNode exports = overview.at("/directions/EXPORT");
        assertThat(exports.at("/share/percent").asDouble()).isEqualTo(100.0);
        assertThat(exports.at("/byVerdict/CORRECT/objects").asInt()).isEqualTo(2);

        JsonNode institutions = get("/api/compliance/institutions?direction=EXPORT");
        assertThat(institutions.get(0).get("institution").asText()).isEqualTo("umcx");
        assertThat(institutions.get(0).get("belowTarget").asBoolean()).isFalse();

        // Drill down: the number to its studies, a study to its objects' evidence, BSN masked everywhere.
        JsonNode wrong = get("/api/compliance/studies?direction=IMPORT&institution=umcx&verdict=BSN_WITHOUT_ISSUER");
        assertThat(wrong).hasSize(1);
        assertThat(wrong.get(0).get("studyInstanceUid").asText()).isEqualTo("2.25.777003");
        assertThat(wrong.get(0).get("modalities").asText()).isEqualTo("CT");
        assertThat(wrong.get(0).get("studyDate").asText()).isEqualTo("2026-11-25");
        String detail = call("GET", "/api/compliance/studies/2.25.777003", null, null).body();
        assertThat(detail).doesNotContain(BSN);
        JsonNode evidence = json.readTree(detail).get(0).get("objectEvidence");
        assertThat(evidence).hasSize(2);
        assertThat(evidence.findValuesAsText("tag")).contains("(0010,0020)");
        assertThat(evidence.findValuesAsText("note")).anySatisfy(n -> assertThat(n).contains("no issuer"));

        // Sender feedback: one digest for UMC X, received by the SMTP server, in Dutch, BSN masked; made once.
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Amsterdam"));
        String week = "/api/compliance/digests?from=" + today.minusDays(6) + "&to=" + today;
        JsonNode made = json.readTree(call("POST", week, null, null).body());
        assertThat(made).hasSize(1);
        assertThat(made.get(0).get("institution").asText()).isEqualTo("umcx");
        assertThat(made.get(0).get("delivery").asText()).as(made.toString()).isEqualTo("SENT");
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        jakarta.mail.internet.MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("pacs-beheer@umcx.test");
        assertThat(mail.getSubject()).startsWith("BSN in DICOM: terugkoppeling van Ziekenhuis Zorgbrug").endsWith("(UMC X)");
        String text = mail.getContent().toString();
        assertThat(text).contains("Beste beheerder van UMC X").contains("2.25.777003").contains("zonder uitgever")
                .contains(nl.zorgbrug.bsn.Bsn.mask(BSN)).contains("De richtlijn vraagt").doesNotContain(BSN)
                .doesNotContain("2.25.777002");
        assertThat(json.readTree(call("POST", week, null, null).body())).isEmpty();
        JsonNode kept = get("/api/compliance/digests?institution=umcx");
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).get("deliveryDetail").asText()).startsWith("sent to pacs-beheer@umcx.test");
        assertThat(get("/api/compliance/digests/" + kept.get(0).get("id").asLong()).get("body").asText().strip())
                .isEqualTo(text.replace("\r\n", "\n").strip());
        // The digest names no patient but names the wrong study (issue 17): its sending is in the trail before it left,
        // by the person, to UMC X, with the study and its patient (the import job's BSN, issued with the BSN OID), and
        // showing it again is a view of that patient; the correct study, not in the text, is in neither.
        List<nl.zorgbrug.audit.event.AuditEvent> trail = new nl.zorgbrug.app.audit.JdbcAuditStore(dataSource)
                .read(0, 100_000).stream().map(nl.zorgbrug.audit.trail.AuditRecord::event).toList();
        assertThat(trail).filteredOn(e -> e.type() == nl.zorgbrug.audit.event.EventType.EXPORT_REPORT
                && e.detail() != null && e.detail().startsWith("compliance digest for umcx")).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor().userId()).isEqualTo(TestNode.USER);
                    assertThat(e.destination().name()).isEqualTo("umcx");
                    assertThat(e.objects()).contains(nl.zorgbrug.audit.event.ObjectRef.study("2.25.777003"))
                            .doesNotContain(nl.zorgbrug.audit.event.ObjectRef.study("2.25.777002"));
                    assertThat(e.patients()).extracting(p -> p.bsn() == null ? null : p.bsn().value())
                            .containsExactly(BSN);
                });
        assertThat(trail).filteredOn(e -> e.type() == nl.zorgbrug.audit.event.EventType.VIEW && e.detail() != null
                && e.detail().startsWith("GET /api/compliance/digests/{id}")).singleElement()
                .satisfies(e -> assertThat(e.patients()).extracting(p -> p.bsn() == null ? null : p.bsn().value())
                        .containsExactly(BSN));

        // A person exempts the wrong study with a reason: it leaves the denominator, the reason is shown with it.
        call("POST", "/api/compliance/studies/2.25.777003/exemption", "application/json",
                "{\"reason\":\"proefzending tijdens koppeling\"}");
        JsonNode after = get("/api/compliance/overview").at("/directions/IMPORT");
        assertThat(after.at("/share/exempt").asInt()).isEqualTo(2);
        assertThat(after.at("/share/percent").asDouble()).isEqualTo(100.0);
        JsonNode exempted = get("/api/compliance/studies?exemption=PERSON");
        assertThat(exempted.get(0).get("exemptReason").asText()).isEqualTo("proefzending tijdens koppeling (root)");

        // The same seed draws the same sample.
        JsonNode s1 = get("/api/compliance/sample?n=2&seed=18");
        JsonNode s2 = get("/api/compliance/sample?n=2&seed=18");
        assertThat(s1.get("studies")).hasSize(2);
        assertThat(s1.get("studies")).isEqualTo(s2.get("studies"));

        HttpResponse<String> unknownJob = raw("POST", "/api/compliance/jobs/999999/emergency", "{\"reason\":\"x\"}");
        assertThat(unknownJob.statusCode()).isEqualTo(404);
        HttpResponse<String> noReason = raw("POST", "/api/compliance/studies/2.25.777002/exemption", "{\"reason\":\" \"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("a reason is needed");

        // The OpenAPI description names every compliance endpoint.
        JsonNode api = get("/v3/api-docs");
        assertThat(api.get("paths").fieldNames()).toIterable().contains("/api/compliance/overview",
                "/api/compliance/institutions", "/api/compliance/studies", "/api/compliance/studies/{study}",
                "/api/compliance/sample", "/api/compliance/studies/{study}/exemption",
                "/api/compliance/jobs/{id}/emergency");

        String described = call("GET", "/openapi.yaml", null, null).body();
        api.get("paths").fieldNames().forEachRemaining(path -> {
            if (path.startsWith("/api/compliance")) {
                assertThat(described).as("openapi.yaml describes " + path).contains("  " + path + ":");
            }
        });

        String metrics = call("GET", "/actuator/prometheus", null, null).body();
        assertThat(metrics).contains("zorgbrug_compliance_correct_share_percent{direction=\"EXPORT\",node=\"node-c\"} 100.0")
                .contains("zorgbrug_compliance_correct_share_percent{direction=\"IMPORT\",node=\"node-c\"} 100.0");
    }

    private HttpResponse<String> raw(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((TestNode.USER + ":"
                        + TestNode.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

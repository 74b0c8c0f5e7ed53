package nl.zorgbrug.app.gateway;

import nl.zorgbrug.gateway.e2e.Dcmtk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;

/**
 * The whole node (`zorgbrug serve` as a Spring context) between dcmtk peers: export through the
 * configured route puts the BSN in; an import without the BSN issuer waits in the quarantine until
 * an operator links it to a local patient through the API, then reaches our PACS with the local ID.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
class GatewayNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static Path dir;
    static Process remote;
    static Process pacs;
    static int remotePort;
    static int pacsPort;

    @BeforeAll
    static void peers() throws IOException {
        Dcmtk.require();
        dir = Files.createTempDirectory("zorgbrug-node");
        remotePort = Dcmtk.freePort();
        pacsPort = Dcmtk.freePort();
        remote = Dcmtk.storescp("REMOTE", remotePort, Files.createDirectories(dir.resolve("remote")), dir.resolve("r.log"));
        pacs = Dcmtk.storescp("OWNPACS", pacsPort, Files.createDirectories(dir.resolve("pacs")), dir.resolve("p.log"));
    }

    @AfterAll
    static void stopPeers() {
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
            dir = Files.createTempDirectory("zorgbrug-node");
        }
        TestNode.properties(r, dir, "node", LOCAL_ISSUER, "300ms");
        r.add("zorgbrug.gateway.routes[0].allowed-callers", () -> "OWNPACS");
        // Every meter carries the node's id (issue 22: metrics per node).
        r.add("zorgbrug.node.id", () -> "node-g");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    Acceptor dicom;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> call(String method, String path, String type, String body) throws Exception {
        return TestNode.call(http, httpPort, method, path, type, body);
    }

    static Path ct(Path dir, String patientId, String issuer, String study) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, study + ".1");
        ds.setString(Tag.StudyDate, VR.DA, "20261125");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-" + study.substring(study.length() - 3));
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jürgen");
        ds.setString(Tag.PatientID, VR.LO, patientId);
        if (issuer != null) {
            ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        }
        ds.setString(Tag.PatientBirthDate, VR.DA, "19811231");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".0");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[32 * 32 * 2]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = dir.resolve(study + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", study + ".1", ts, "T"),
                ds, ts, true), file);
        return file;
    }

    private JsonNode awaitJob(String query) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode jobs = json.readTree(call("GET", "/api/jobs?" + query, null, null).body());
            if (jobs.size() > 0) {
                return jobs.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no job for " + query + ": " + call("GET", "/api/jobs", null, null).body());
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return new ArrayList<>(s.filter(p -> p.toString().endsWith(".dcm")).toList());
        }
    }

    @Test
    void exportAndQuarantinedImportThroughTheNode() throws Exception {
        call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex\n"
                + "PAT-9," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,19811231,M\n");
        call("PUT", "/api/institutions/umcx", "application/json", "{\"key\":\"umcx\",\"name\":\"UMC X\",\"aeTitle\":\"REMOTE\","
                + "\"host\":\"127.0.0.1\",\"port\":" + remotePort + ",\"tls\":false}");
        call("PUT", "/api/institutions/ownpacs", "application/json", "{\"key\":\"ownpacs\",\"name\":\"Eigen PACS\","
                + "\"aeTitle\":\"OWNPACS\",\"host\":\"127.0.0.1\",\"port\":" + pacsPort + ",\"tls\":false}");
        Path in = Files.createDirectories(dir.resolve("in"));

        // Export: our PACS sends a local object, the other hospital receives the BSN.
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", dicom.port(), List.of(ct(in, "PAT-9", LOCAL_ISSUER, "2.25.777001"))))
                .isZero();
        JsonNode export = awaitJob("direction=EXPORT&state=DONE");
        assertThat(export.get("bsnVerdict").asText()).isEqualTo("NO_BSN");
        List<Path> atRemote = files(dir.resolve("remote"));
        assertThat(atRemote).hasSize(1);
        DataSet sent = Part10Reader.read(atRemote.get(0)).dataSet();
        assertThat(sent.getString(Tag.PatientID)).isEqualTo("999911120");
        assertThat(sent.getString(Tag.IssuerOfPatientID)).isEqualTo("2.16.840.1.113883.2.4.6.3");
        assertThat(sent.getString(Tag.PatientName)).isEqualTo("Dijk^Jürgen");

        // Search by patient: the export job, found by the ID it arrived with.
        JsonNode byPatient = json.readTree(call("GET", "/api/jobs?patient=PAT-9", null, null).body());
        assertThat(byPatient.size()).isEqualTo(1);
        assertThat(json.readTree(call("GET", "/api/jobs?patient=PAT-404", null, null).body()).size()).isZero();
        assertThat(call("GET", "/api/jobs/patients?ids=" + export.get("id").asText(), null, null).body())
                .contains("Dijk^Jürgen").contains("PAT-9");

        // A calling AE not on the export route's allowlist is refused.
        assertThat(Dcmtk.storescu("STRANGER", "ZB_EXPORT", dicom.port(), List.of(ct(in, "PAT-9", LOCAL_ISSUER, "2.25.777009"))))
                .isNotZero();

        // Import without the BSN issuer: quarantined, not forwarded.
        assertThat(Dcmtk.storescu("REMOTE", "ZB_IMPORT", dicom.port(), List.of(ct(in, "999911120", null, "2.25.777002"))))
                .isZero();
        JsonNode q = json.readTree(call("GET", "/api/quarantine", null, null).body());
        assertThat(q.has("2.25.777002")).isTrue();
        assertThat(q.get("2.25.777002").get(0).get("reasonCode").asText()).isEqualTo("ISSUER_MISSING");
        assertThat(q.get("2.25.777002").get(0).get("patientIdMasked").asText()).isEqualTo("*****1120");
        assertThat(files(dir.resolve("pacs"))).isEmpty();

        // An operator links it to the local patient; it reaches our PACS with the local ID.
        call("POST", "/api/quarantine/2.25.777002/link?localId=PAT-9", null, null);
        awaitJob("direction=IMPORT&state=DONE");
        List<Path> atPacs = files(dir.resolve("pacs"));
        assertThat(atPacs).hasSize(1);
        DataSet imported = Part10Reader.read(atPacs.get(0)).dataSet();
        assertThat(imported.getString(Tag.PatientID)).isEqualTo("PAT-9");
        assertThat(imported.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
        assertThat(json.readTree(call("GET", "/api/quarantine", null, null).body()).has("2.25.777002")).isFalse();
        String events = call("GET", "/api/jobs/" + awaitJob("direction=IMPORT").get("id").asText(), null, null).body();
        assertThat(events).contains("root link");

        String metrics = call("GET", "/actuator/prometheus", null, null).body();
        assertThat(metrics).contains("zorgbrug_jobs{node=\"node-g\",state=\"DONE\"} 2.0")
                .contains("zorgbrug_objects_received_total{direction=\"EXPORT\",node=\"node-g\",route=\"export-umcx\"} 1.0")
                .contains("zorgbrug_bsn_verdicts_total{direction=\"IMPORT\",node=\"node-g\",verdict=\"BSN_WITHOUT_ISSUER\"} 1.0")
                .contains("zorgbrug_route_decisions_total{decision=\"quarantine\",node=\"node-g\",route=\"import\"} 1.0")
                // Both jobs are DONE: this node holds none.
                .contains("zorgbrug_jobs_held{node=\"node-g\"} 0.0");
    }
}

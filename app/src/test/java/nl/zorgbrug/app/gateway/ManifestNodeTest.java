package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
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

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.manifest.ManifestBuilder;
import nl.zorgbrug.gateway.manifest.ManifestPolicy;
import nl.zorgbrug.gateway.manifest.ManifestUids;
import nl.zorgbrug.gateway.manifest.StudyManifest;

/**
 * The receiving node (`zorgbrug serve`) with an hour of quiet time: another hospital's Zorgbrug sends two images
 * and its study manifest (here: dcmtk storescu sending what our builder makes). The job gets the remark and
 * referral reason, is forwarded to our PACS at once, and its detail in the API and the console shows the
 * reconciliation. Also: the per-route manifest setting is read from the configuration.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManifestNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String STUDY = "2.25.880001";
    static final String REMARK = "Graag vandaag — vergelijk met opname van één jaar geleden";
    static final String REFERRAL = "Verdenking recidief";
    static Path dir;
    static Process pacs;
    static int pacsPort;

    @BeforeAll
    static void peers() throws IOException {
        Dcmtk.require();
        if (dir == null) {
            dir = Files.createTempDirectory("zorgbrug-manifest-node");
        }
        pacsPort = Dcmtk.freePort();
        pacs = Dcmtk.storescp("OWNPACS", pacsPort, Files.createDirectories(dir.resolve("pacs")), dir.resolve("p.log"));
    }

    @AfterAll
    static void stopPeers() {
        if (pacs != null) {
            pacs.destroy();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("zorgbrug-manifest-node");
        }
        TestNode.properties(r, dir, "manifestnode", LOCAL_ISSUER, "1h");
        r.add("zorgbrug.gateway.routes[0].manifest", () -> "ALWAYS");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    Acceptor dicom;

    @Autowired
    GatewayProperties gateway;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> call(String method, String path, String type, String body) throws Exception {
        return TestNode.call(http, httpPort, method, path, type, body);
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
    void theManifestSettingIsReadPerRoute() {
        assertThat(GatewayConfiguration.manifestPolicy(gateway, "export-umcx")).isEqualTo(ManifestPolicy.ALWAYS);
        assertThat(GatewayConfiguration.manifestPolicy(gateway, "import")).isEqualTo(ManifestPolicy.WITH_REMARK);
    }

    @Test
    void anImportWithAManifestShowsTheRemarkAndGoesToThePacsWithoutWaitingForTheQuietTime() throws Exception {
        call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex\n"
                + "PAT-31," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,19811231,M\n");
        call("PUT", "/api/institutions/ownpacs", "application/json", "{\"key\":\"ownpacs\",\"name\":\"Eigen PACS\","
                + "\"aeTitle\":\"OWNPACS\",\"host\":\"127.0.0.1\",\"port\":" + pacsPort + ",\"tls\":false}");
        Path in = Files.createDirectories(dir.resolve("in"));
        // What another hospital's node sends: two images with the BSN, then its manifest.
        Path ct1 = GatewayNodeTest.ct(in, "999911120", Bsn.ISSUER_OID, STUDY);
        Path sub = Files.createDirectories(in.resolve("second"));
        Path ct2 = GatewayNodeTest.ct(sub, "999911120", Bsn.ISSUER_OID, STUDY + "2");
        // ct(...) names the study after its argument: rewrite the second into the same study, another series.
        DataSet second = Part10Reader.read(ct2).dataSet();
        second.setString(Tag.StudyInstanceUID, nl.zorgbrug.dicom.data.VR.UI, STUDY);
        second.setString(Tag.SeriesInstanceUID, nl.zorgbrug.dicom.data.VR.UI, STUDY + ".2");
        var meta = Part10Reader.read(ct2);
        Part10Writer.write(new nl.zorgbrug.dicom.io.DicomFile(null, meta.fileMeta(), second, meta.transferSyntax(), true), ct2);
        DataSet head = Part10Reader.read(ct1).dataSet();
        List<StudyManifest.Reference> refs = List.of(
                new StudyManifest.Reference(STUDY + ".0", head.getString(Tag.SOPClassUID), STUDY + ".1"),
                new StudyManifest.Reference(STUDY + ".2", head.getString(Tag.SOPClassUID), STUDY + "2.1"));
        String uid = ManifestUids.manifest("OTHER_NODE", 4, STUDY, "them", REMARK, REFERRAL, List.of(STUDY + ".1", STUDY + "2.1"));
        Path kos = in.resolve("kos.dcm");
        Part10Writer.write(ManifestBuilder.build(head, new StudyManifest(uid, STUDY, REMARK, REFERRAL, refs),
                ManifestUids.series(uid), LocalDateTime.now(), "OTHER_NODE"), kos);
        assertThat(Dcmtk.storescu("OTHER_NODE", "ZB_IMPORT", dicom.port(), List.of(ct1, ct2, kos))).isZero();

        JsonNode job = awaitJob("direction=IMPORT&state=DONE");
        assertThat(job.get("remark").asText()).isEqualTo(REMARK);
        assertThat(job.get("referralReason").asText()).isEqualTo(REFERRAL);
        JsonNode detail = json.readTree(call("GET", "/api/jobs/" + job.get("id").asText(), null, null).body());
        JsonNode manifest = detail.get("manifest");
        assertThat(manifest.get("manifestSopInstanceUid").asText()).isEqualTo(uid);
        assertThat(manifest.get("announced").asInt()).isEqualTo(2);
        assertThat(manifest.get("present").asInt()).isEqualTo(2);
        assertThat(manifest.get("missing").size()).isZero();
        assertThat(detail.get("events").toString()).contains("complete").contains("all 2 instances announced");

        String page = call("GET", "/jobs/" + job.get("id").asText(), null, null).body();
        assertThat(page).contains(REMARK).contains(REFERRAL).contains("id=\"manifest-announced\">2<");

        List<Path> atPacs = files(dir.resolve("pacs"));
        assertThat(atPacs).hasSize(3);
        boolean sawKos = false;
        for (Path f : atPacs) {
            DataSet ds = Part10Reader.read(f).dataSet();
            assertThat(ds.getString(Tag.PatientID)).isEqualTo("PAT-31");
            if (ManifestBuilder.KEY_OBJECT_SELECTION.equals(ds.getString(Tag.SOPClassUID))) {
                sawKos = true;
                assertThat(ds.getSequence(Tag.ContentSequence).get(0).getText(Tag.TextValue)).contains(REMARK);
            }
        }
        assertThat(sawKos).isTrue();
    }
}

package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Issue 5's end-to-end test with Orthanc as the other hospital:
 * dcmtk storescu (our PACS) → gateway export → Orthanc, whose REST API shows the BSN with its OID and the
 * local ID kept in the Other Patient IDs Sequence; Orthanc → gateway import → dcmtk storescp (our PACS)
 * with the local ID back, and an object without the BSN OID in quarantine, not at storescp.
 */
class GatewayOrthancTest {
    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void exportToOrthancAndImportFromOrthanc() throws Exception {
        Dcmtk.require();
        Path pacsDir = Files.createDirectories(tmp.resolve("pacs"));
        int pacsPort = Dcmtk.freePort();
        Process pacs = Dcmtk.storescp("OWNPACS", pacsPort, pacsDir, tmp.resolve("pacs.log"));
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"))) {
            // Orthanc knows the gateway's import AE as its modality "zb".
            try (OrthancPeer remote = OrthancPeer.start(Files.createDirectories(tmp.resolve("orthanc")),
                    Map.of("zb", new OrthancPeer.Modality("ZB_IMPORT", gateway.port())), OrthancPeer.Access.AS_INSTALLED)) {
                gateway.book.save(new Institution("umcx", "UMC X (Orthanc)", null, null, null, OrthancPeer.AET,
                        "127.0.0.1", remote.dicomPort(), false, null, null, null));
                gateway.book.save(new Institution("ownpacs", "Eigen PACS", null, null, TestGateway.LOCAL_ISSUER,
                        "OWNPACS", "127.0.0.1", pacsPort, false, null, null, null));
                Path in = Files.createDirectories(tmp.resolve("in"));

                // Export
                Path local = GatewayDcmtkTest.ct(in, "local", "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.9001", 1, false);
                assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), List.of(local))).isZero();
                gateway.awaitJob(Direction.EXPORT, JobState.DONE);
                JsonNode instances = json.readTree(remote.get("/instances").body());
                assertThat(instances.size()).isEqualTo(1);
                JsonNode tags = json.readTree(remote.get("/instances/" + instances.get(0).asText() + "/simplified-tags").body());
                assertThat(tags.get("PatientID").asText()).isEqualTo(TestGateway.BSN);
                assertThat(tags.get("IssuerOfPatientID").asText()).isEqualTo(Bsn.ISSUER_OID);
                List<String> otherIds = new ArrayList<>();
                tags.get("OtherPatientIDsSequence").forEach(item -> otherIds.add(item.get("PatientID").asText()));
                assertThat(otherIds).contains("PAT-0042");

                // Import: one object with the BSN and its OID, one without the OID.
                Path withOid = GatewayDcmtkTest.ct(in, "withoid", TestGateway.BSN, Bsn.ISSUER_OID, "2.25.9002", 1, false);
                Path noOid = GatewayDcmtkTest.ct(in, "nooid", TestGateway.BSN, "2.16.528.1.1007.99.2", "2.25.9003", 1, false);
                for (Path f : List.of(withOid, noOid)) {
                    String id = json.readTree(remote.postBytes("/instances", Files.readAllBytes(f)).body()).get("ID").asText();
                    assertThat(remote.post("/modalities/zb/store", "\"" + id + "\"").statusCode()).isEqualTo(200);
                }
                gateway.awaitJob(Direction.IMPORT, JobState.DONE);
                List<Path> atPacs;
                try (Stream<Path> s = Files.list(pacsDir)) {
                    atPacs = s.filter(p -> p.toString().endsWith(".dcm")).toList();
                }
                assertThat(atPacs).hasSize(1);
                DataSet imported = Part10Reader.read(atPacs.get(0)).dataSet();
                assertThat(imported.getString(Tag.PatientID)).isEqualTo("PAT-0042");
                assertThat(imported.getString(Tag.IssuerOfPatientID)).isEqualTo(TestGateway.LOCAL_ISSUER);
                assertThat(imported.getString(Tag.StudyInstanceUID)).isEqualTo("2.25.9002");
                assertThat(gateway.quarantine.open()).singleElement()
                        .satisfies(q -> assertThat(q.studyInstanceUid()).isEqualTo("2.25.9003"))
                        .satisfies(q -> assertThat(q.reasonCode()).isEqualTo("ISSUER_NOT_BSN"));
            }
        } finally {
            pacs.destroy();
        }
    }
}

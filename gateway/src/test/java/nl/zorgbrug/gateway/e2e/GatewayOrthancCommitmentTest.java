package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Storage commitment with Orthanc 1.10 both ways (issue 5). As the receiver of an export, Orthanc is a
 * Storage Commitment SCP that answers the N-ACTION and sends the N-EVENT-REPORT on a new association to
 * the node's AE: the job is DONE only after that report, with every instance committed. As our PACS,
 * Orthanc is a Storage Commitment SCU: its commitment request tells the gateway the study is complete,
 * so the job goes out at once instead of after the (long) quiet time, and Orthanc gets a report saying
 * every instance is committed.
 */
class GatewayOrthancCommitmentTest {
    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void exportToOrthancIsDoneOnlyWhenOrthancCommittedEveryInstance() throws Exception {
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10));
             OrthancPeer orthanc = OrthancPeer.start(Files.createDirectories(tmp.resolve("orthanc")),
                     Map.of("zorgbrug", new OrthancPeer.Modality("ZORGBRUG", gateway.port())), OrthancPeer.Access.AS_INSTALLED)) {
            gateway.book.save(new Institution("umcx", "UMC X (Orthanc)", null, null, null, OrthancPeer.AET,
                    "127.0.0.1", orthanc.dicomPort(), false, null, null, null, true, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> files = List.of(
                    GatewayDcmtkTest.ct(in, "a", "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.7201", 1, false),
                    GatewayDcmtkTest.ct(in, "b", "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.7201", 2, false));
            assertThat(StoreScu.send(new Connector(AssociationOptions.DEFAULT), "OWNPACS", "ZB_EXPORT", "127.0.0.1",
                    gateway.port(), files, (o, d, t) -> { })).allSatisfy(o -> assertThat(o.ok()).isTrue());

            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(gateway.jobs.instances(done.id())).as(orthanc.output()).hasSize(2)
                    .allSatisfy(i -> assertThat(i.committed()).as(i.sopInstanceUid()).isTrue());
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("waiting for the storage commitment report of umcx"));
            assertThat(gateway.commitments.outstanding()).isEmpty();
            assertThat(json.readTree(orthanc.get("/instances").body()).size()).isEqualTo(2);
        }
    }

    @Test
    void orthancsCommitmentRequestCompletesTheStudyAndIsReportedCommitted() throws Exception {
        Path received = tmp.resolve("received");
        DicomServer remote = new DicomServer(Map.of("REMOTE", Set.of()), new FileStoreHandler(received));
        try (Acceptor remoteAcceptor = new Acceptor(remote, remote, AssociationOptions.DEFAULT, 10)
                .start(InetAddress.getLoopbackAddress(), 0);
             // A quiet time far longer than the test: only the commitment request can make the job due.
             TestGateway gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMinutes(30), Duration.ofMinutes(10));
             OrthancPeer orthanc = OrthancPeer.start(Files.createDirectories(tmp.resolve("orthanc")),
                     Map.of("zb", new OrthancPeer.Modality("ZB_EXPORT", gateway.port())), OrthancPeer.Access.AS_INSTALLED)) {
            gateway.book.save(new Institution("umcx", "UMC X", null, null, null, "REMOTE", "127.0.0.1",
                    remoteAcceptor.port(), false, null, null, null));
            // Our PACS (Orthanc) is in the address book: the report goes to its AE title's host and port.
            gateway.book.save(new Institution("ownpacs", "Eigen PACS (Orthanc)", null, null, TestGateway.LOCAL_ISSUER,
                    OrthancPeer.AET, "127.0.0.1", orthanc.dicomPort(), false, null, null, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            StringBuilder resources = new StringBuilder();
            for (int n = 1; n <= 2; n++) {
                Path f = GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.7202", n, false);
                String id = json.readTree(orthanc.postBytes("/instances", Files.readAllBytes(f)).body()).get("ID").asText();
                resources.append(resources.length() == 0 ? "" : ",").append('"').append(id).append('"');
            }
            HttpResponse<String> stored = orthanc.post("/modalities/zb/store", "{\"Resources\": [" + resources
                    + "], \"StorageCommitment\": true, \"Synchronous\": true}");
            assertThat(stored.statusCode()).as(stored.body() + "\n" + orthanc.output()).isEqualTo(200);

            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains(" complete ")
                    && e.contains("asked for storage commitment of 2 instances"));
            try (var files = Files.list(received)) {
                assertThat(files.count()).isEqualTo(2);
            }

            JsonNode store = json.readTree(stored.body());
            String transaction = store.path("StorageCommitmentTransactionUID").asText();
            assertThat(transaction).as(stored.body()).isNotEmpty();
            JsonNode report = null;
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                report = json.readTree(orthanc.get("/storage-commitment/" + transaction).body());
                if (!"Pending".equals(report.path("Status").asText())) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(report.path("Status").asText()).as(report + "\n" + orthanc.output()).isEqualTo("Success");
            assertThat(report.path("Success").size()).isEqualTo(2);
            assertThat(report.path("Failures").size()).isZero();
        }
    }
}

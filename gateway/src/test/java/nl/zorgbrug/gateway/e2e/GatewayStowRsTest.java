package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.addressbook.StowRsEndpoint;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Export over DICOMweb STOW-RS (PS3.18 10.5): to Orthanc with its DICOMweb plugin as Debian installs it, and to
 * an origin server that answers 202 (PS3.18 10.5.3.1: some instances stored, with a warning, some failed): the
 * stored ones are acknowledged and never sent again, the failed one goes again in the next attempt.
 */
class GatewayStowRsTest {
    private static final String STUDY = "2.25.7001";

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void exportsToOrthancsDicomWebAsInstalled() throws Exception {
        Dcmtk.require();
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"));
             OrthancPeer orthanc = OrthancPeer.startWithDicomWeb(Files.createDirectories(tmp.resolve("orthanc")))) {
            gateway.book.save(stowRsInstitution(orthanc.dicomWebRoot() + "/studies"));
            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> files = List.of(
                    GatewayDcmtkTest.ct(in, "a", "PAT-0042", TestGateway.LOCAL_ISSUER, STUDY, 1, false),
                    GatewayDcmtkTest.ct(in, "b", "PAT-0042", TestGateway.LOCAL_ISSUER, STUDY, 2, false));

            assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), files)).isZero();
            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);

            assertThat(gateway.jobs.instances(done.id())).hasSize(2).allMatch(JobInstance::acknowledged);
            JsonNode instances = json.readTree(orthanc.get("/instances").body());
            assertThat(instances.size()).isEqualTo(2);
            JsonNode tags = json.readTree(orthanc.get("/instances/" + instances.get(0).asText()
                    + "/simplified-tags").body());
            assertThat(tags.get("PatientID").asText()).isEqualTo(TestGateway.BSN);
            assertThat(tags.get("IssuerOfPatientID").asText()).isEqualTo(Bsn.ISSUER_OID);
        }
    }

    @Test
    void a202StoresWhatItListsAndTheFailedInstanceGoesAgain() throws Exception {
        Dcmtk.require();
        String first = STUDY + ".1";
        String second = STUDY + ".2";
        List<List<String>> requests = new CopyOnWriteArrayList<>();
        AtomicInteger attempt = new AtomicInteger();
        HttpServer origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/dicomweb/studies", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
            List<String> sent = new ArrayList<>();
            for (String uid : List.of(first, second)) {
                if (body.contains(uid)) {
                    sent.add(uid);
                }
            }
            requests.add(sent);
            String answer;
            int status;
            if (attempt.incrementAndGet() == 1) {
                // The first instance stored with coercion (0xB000), the second refused: out of resources (0xA700).
                status = 202;
                answer = "{\"00081199\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + first
                        + "\"]},\"00081196\":{\"vr\":\"US\",\"Value\":[45056]}}]},"
                        + "\"00081198\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"" + second
                        + "\"]},\"00081197\":{\"vr\":\"US\",\"Value\":[42752]}}]}}";
            } else {
                status = 200;
                StringBuilder items = new StringBuilder();
                for (String uid : sent) {
                    items.append(items.length() == 0 ? "" : ",")
                            .append("{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"").append(uid).append("\"]}}");
                }
                answer = "{\"00081199\":{\"vr\":\"SQ\",\"Value\":[" + items + "]}}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/dicom+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        origin.start();
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"))) {
            gateway.book.save(stowRsInstitution("http://127.0.0.1:" + origin.getAddress().getPort()
                    + "/dicomweb/studies"));
            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> files = List.of(
                    GatewayDcmtkTest.ct(in, "a", "PAT-0042", TestGateway.LOCAL_ISSUER, STUDY, 1, false),
                    GatewayDcmtkTest.ct(in, "b", "PAT-0042", TestGateway.LOCAL_ISSUER, STUDY, 2, false));

            assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), files)).isZero();
            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);

            assertThat(requests).hasSize(2);
            assertThat(requests.get(0)).containsExactlyInAnyOrder(first, second);
            assertThat(requests.get(1)).as("the instance stored with a warning is not sent again")
                    .containsExactly(second);
            assertThat(gateway.jobs.instances(done.id())).allMatch(JobInstance::acknowledged);
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains(" warning ") && e.contains(first)
                    && e.contains("0xB000"));
        } finally {
            origin.stop(0);
        }
    }

    private static Institution stowRsInstitution(String studiesUrl) {
        return new Institution("umcx", "UMC X (DICOMweb)", null, null, null,
                List.of(new StowRsEndpoint(studiesUrl)), null, null);
    }
}

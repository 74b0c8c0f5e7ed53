package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

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

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.events.EventHub;

/**
 * Issue 20 part 7, the emergency push: "send urgently" bypasses the image index. The node is an image source whose
 * registry is unreachable (nothing listens at {@code zorgbrug.registry.source.url}) and whose consent service asks
 * Mitz, which is unreachable too. A person sends a study from the own PACS (Orthanc as installed, C-MOVE) urgently,
 * with a referral, through the send API: it goes over the urgent route to the other hospital (dcmtk storescp), and the
 * person's send, the receive and the send to the other hospital all name the referral as their legal basis. An urgent
 * send without a referral is refused before anything moves.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UrgentSendNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static Path dir;
    static Process remote;
    static int remotePort;
    /** A port nothing listens on: the registry and Mitz, both down. */
    static int deadPort;

    @BeforeAll
    static void peers() throws IOException {
        Dcmtk.require();
        if (dir == null) {
            dir = Files.createTempDirectory("zorgbrug-urgent-send");
            deadPort = Dcmtk.freePort();
        }
        remotePort = Dcmtk.freePort();
        remote = Dcmtk.storescp("REMOTE", remotePort, Files.createDirectories(dir.resolve("remote")),
                dir.resolve("r.log"));
    }

    @AfterAll
    static void stopPeers() {
        if (remote != null) {
            remote.destroy();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("zorgbrug-urgent-send");
            deadPort = Dcmtk.freePort();
        }
        TestNode.basics(r, dir, "urgentsend", LOCAL_ISSUER, "300ms");
        r.add("zorgbrug.users[0].name", () -> TestNode.USER);
        r.add("zorgbrug.users[0].password", () -> "{noop}" + TestNode.PASSWORD);
        r.add("zorgbrug.users[0].roles", () -> "ADMIN,OPERATOR,AUDITOR");
        TestNode.route(r, 0, "spoed-umcx", "ZB_SPOED", "EXPORT", "umcx");
        r.add("zorgbrug.gateway.routes[0].urgent", () -> "true");
        // The image index is down: the source's registry does not answer.
        r.add("zorgbrug.registry.source.enabled", () -> "true");
        r.add("zorgbrug.registry.source.url", () -> "http://127.0.0.1:" + deadPort + "/services/xds-iti42");
        r.add("zorgbrug.registry.source.source-id", () -> "2.16.528.1.1007.99.5");
        r.add("zorgbrug.registry.source.repository-unique-id", () -> "2.16.528.1.1007.99.7.1");
        r.add("zorgbrug.registry.source.institution", () -> "Ziekenhuis Test");
        r.add("zorgbrug.registry.source.institution-oid", () -> LOCAL_ISSUER);
        // The consent service is down: it asks Mitz, which does not answer.
        r.add("zorgbrug.audit.organisation-ura", () -> "00001234");
        r.add("zorgbrug.consent.source", () -> "MITZ");
        r.add("zorgbrug.consent.mitz-url", () -> "http://127.0.0.1:" + deadPort + "/mitz");
        r.add("zorgbrug.consent.mitz-timeout", () -> "1s");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    Acceptor dicom;

    @Autowired
    EventHub events;

    @Autowired
    DataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> call(String method, String path, String type, String body) throws Exception {
        return TestNode.call(http, httpPort, method, path, type, body);
    }

    @Test
    void aStudySentUrgentlyGoesOverTheUrgentRouteOnItsReferralWhileRegistryAndConsentServiceAreDown()
            throws Exception {
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", deadPort), 500))
                .as("registry and Mitz unreachable").isInstanceOf(IOException.class);
        call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                + "birth_date,sex\nPAT-7," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,19811231,M\n");
        call("PUT", "/api/institutions/umcx", "application/json", "{\"key\":\"umcx\",\"name\":\"UMC X\",\"aeTitle\":"
                + "\"REMOTE\",\"host\":\"127.0.0.1\",\"port\":" + remotePort + ",\"tls\":false}");
        String referral = "Spoedverwijzing neurochirurgie: subduraal hematoom";
        String study = "2.25.777001";
        long job;
        long firstImageMillis;
        try (OrthancPeer orthanc = OrthancPeer.start(Files.createDirectories(dir.resolve("orthanc")),
                java.util.Map.of("spoed", new OrthancPeer.Modality("ZB_SPOED", dicom.port()),
                        "zorgbrug", new OrthancPeer.Modality("ZORGBRUG", dicom.port())),
                OrthancPeer.Access.AS_INSTALLED)) {
            call("PUT", "/api/institutions/ownpacs", "application/json", "{\"key\":\"ownpacs\",\"name\":"
                    + "\"Eigen PACS\",\"aeTitle\":\"" + OrthancPeer.AET + "\",\"host\":\"127.0.0.1\",\"port\":"
                    + orthanc.dicomPort() + ",\"tls\":false}");
            Path in = Files.createDirectories(dir.resolve("in"));
            assertThat(orthanc.postBytes("/instances", Files.readAllBytes(GatewayNodeTest.ct(in, "PAT-7", LOCAL_ISSUER,
                    study))).statusCode()).isEqualTo(200);

            // Urgent without a referral: refused, nothing moved, no job.
            HttpResponse<String> noReferral = raw("{\"studyInstanceUid\":\"" + study + "\",\"institution\":\"umcx\","
                    + "\"urgent\":true}");
            assertThat(noReferral.statusCode()).isGreaterThanOrEqualTo(400);
            assertThat(noReferral.body()).contains("needs a referral");
            assertThat(json.readTree(call("GET", "/api/jobs?direction=EXPORT", null, null).body())).isEmpty();

            long start = System.nanoTime();
            JsonNode sent = json.readTree(call("POST", "/api/jobs/send", "application/json", "{\"studyInstanceUid\":"
                    + "\"" + study + "\",\"institution\":\"umcx\",\"referralReason\":\"" + referral
                    + "\",\"urgent\":true}").body());
            assertThat(sent.get("moved").asInt()).isEqualTo(1);
            job = sent.at("/job/id").asLong();
            long deadline = System.currentTimeMillis() + 30_000;
            while (received().isEmpty()) {
                assertThat(System.currentTimeMillis()).as("the image at the other hospital").isLessThan(deadline);
                Thread.sleep(10);
            }
            firstImageMillis = (System.nanoTime() - start) / 1_000_000;
            while (!"DONE".equals(json.readTree(call("GET", "/api/jobs/" + job, null, null).body()).at("/job/state")
                    .asText())) {
                assertThat(System.currentTimeMillis()).as("job " + job + " DONE").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        System.out.println("urgent send: first image at the other hospital " + firstImageMillis
                + " ms after the send was asked (C-MOVE from Orthanc included)");
        assertThat(firstImageMillis).as("first image out, C-MOVE from the PACS included").isLessThan(5_000);
        events.catchUp();

        long sentJob = job;
        List<AuditEvent> ofJob = new JdbcAuditStore(dataSource).read(0, 10_000).stream().map(AuditRecord::event)
                .filter(e -> e.objects().contains(ObjectRef.job(sentJob))).toList();
        String basis = "; referral: " + referral + "; sent by " + TestNode.USER + " at ";
        assertThat(ofJob.stream().filter(e -> e.type() == EventType.JOB_ACTION).findFirst().orElseThrow()
                .legalBasis()).isInstanceOfSatisfying(LegalBasis.Referral.class,
                        r -> assertThat(r.reference()).startsWith("send" + basis));
        assertThat(ofJob.stream().filter(e -> e.type() == EventType.RECEIVE).findFirst().orElseThrow()
                .legalBasis()).as("not an emergency without referral: the person's referral")
                .isInstanceOfSatisfying(LegalBasis.Referral.class,
                        r -> assertThat(r.reference()).startsWith("urgent route spoed-umcx" + basis));
        assertThat(ofJob.stream().filter(e -> e.type() == EventType.SEND).toList()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.legalBasis()).isInstanceOfSatisfying(LegalBasis.Referral.class,
                        r -> assertThat(r.reference()).contains(basis)));
        assertThat(ofJob).noneMatch(e -> e.legalBasis() instanceof LegalBasis.Emergency);
    }

    private List<Path> received() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("remote"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private HttpResponse<String> raw(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/jobs/send"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((TestNode.USER + ":"
                        + TestNode.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.audit.trail.TrailVerifier;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.events.EventHub;

/**
 * The audit trail of the whole node between dcmtk peers (issue 17): our PACS's export to another hospital is in the
 * trail as a receive from our PACS's AE title and a send to the other hospital, for the patient by local number and
 * BSN (from the MPI), with the referral as legal basis; an import without the BSN issuer as a quarantine from the
 * sender; the operator's link as a person's action; and the trail verifies. A study a person sends from our PACS
 * (Orthanc) with a referral reason has that referral and the person's send as the legal basis of every event of its push.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The first test finds its export as the newest DONE export job: the send's job must come after it.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditGatewayNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static Path dir;
    static Process remote;
    static Process pacs;
    static int remotePort;
    static int pacsPort;

    @BeforeAll
    static void peers() throws IOException {
        Dcmtk.require();
        dir = Files.createTempDirectory("zorgbrug-audit-node");
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
            dir = Files.createTempDirectory("zorgbrug-audit-node");
        }
        TestNode.properties(r, dir, "auditnode", LOCAL_ISSUER, "300ms");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    Acceptor dicom;

    @Autowired
    EventHub events;

    @Autowired
    AuditTrail trail;

    @Autowired
    DataSource dataSource;

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
        throw new AssertionError("no job for " + query);
    }

    @Test
    @Order(1)
    void anExportAQuarantinedImportAndALinkAreInTheTrail() throws Exception {
        call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                + "birth_date,sex\nPAT-9," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,19811231,M\n");
        call("PUT", "/api/institutions/umcx", "application/json", "{\"key\":\"umcx\",\"name\":\"UMC X\",\"aeTitle\":"
                + "\"REMOTE\",\"host\":\"127.0.0.1\",\"port\":" + remotePort + ",\"tls\":false}");
        call("PUT", "/api/institutions/ownpacs", "application/json", "{\"key\":\"ownpacs\",\"name\":\"Eigen PACS\","
                + "\"aeTitle\":\"OWNPACS\",\"host\":\"127.0.0.1\",\"port\":" + pacsPort + ",\"tls\":false}");
        Path in = Files.createDirectories(dir.resolve("in"));

        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", dicom.port(),
                List.of(GatewayNodeTest.ct(in, "PAT-9", LOCAL_ISSUER, "2.25.888001")))).isZero();
        JsonNode export = awaitJob("direction=EXPORT&state=DONE");
        assertThat(Dcmtk.storescu("REMOTE", "ZB_IMPORT", dicom.port(),
                List.of(GatewayNodeTest.ct(in, "999911120", null, "2.25.888002")))).isZero();
        call("POST", "/api/quarantine/2.25.888002/link?localId=PAT-9", null, null);
        awaitJob("direction=IMPORT&state=DONE");
        events.catchUp();

        JdbcAuditStore store = new JdbcAuditStore(dataSource);
        List<AuditEvent> audit = store.read(0, 1000).stream().map(AuditRecord::event).toList();
        long exportJob = export.get("id").asLong();
        AuditEvent received = audit.stream().filter(e -> e.type() == EventType.RECEIVE
                && e.objects().contains(ObjectRef.job(exportJob))).findFirst().orElseThrow();
        assertThat(received.actor().userId()).isEqualTo("OWNPACS");
        assertThat(received.accessPoint().aeTitle()).isEqualTo("OWNPACS");
        assertThat(received.patient().localId()).isEqualTo("PAT-9");
        assertThat(received.patient().bsn()).isEqualTo(Bsn.parse("999911120"));
        assertThat(received.objects()).contains(ObjectRef.study("2.25.888001"), ObjectRef.sopInstance("2.25.888001.1"));
        assertThat(received.legalBasis()).isInstanceOf(LegalBasis.Referral.class);
        AuditEvent sent = audit.stream().filter(e -> e.type() == EventType.SEND
                && e.objects().contains(ObjectRef.job(exportJob))).findFirst().orElseThrow();
        assertThat(sent.destination().name()).isEqualTo("umcx");
        assertThat(sent.patient().bsn()).isEqualTo(Bsn.parse("999911120"));
        AuditEvent quarantined = audit.stream().filter(e -> e.type() == EventType.QUARANTINE).findFirst().orElseThrow();
        assertThat(quarantined.actor().userId()).isEqualTo("REMOTE");
        assertThat(quarantined.detail()).contains("ISSUER_MISSING");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.QUARANTINE_ACTION);
            assertThat(e.detail()).contains("link");
            assertThat(e.objects()).contains(ObjectRef.study("2.25.888002"));
        });
        assertThat(store.forPatient(Bsn.parse("999911120"), 100)).as("the patient's overview finds the export")
                .extracting(r -> r.event().type()).contains(EventType.RECEIVE, EventType.SEND);

        trail.checkpoint();
        assertThat(new TrailVerifier(store, NodeKey.readPublicKey(dir.resolve("data").resolve("audit")
                .resolve(NodeKey.PUBLIC_FILE))).verify().intact()).isTrue();
    }

    /**
     * Issue 17, "Enforcement": a push on referral records the referral as its legal basis. A person sends a study from
     * our PACS (Orthanc, C-MOVE to the export route) with a referral reason through the send API (the send form's
     * service): the person's send, the export's receive and its send to the other hospital each carry the referral
     * reason and the person's send as the Referral's reference, read back from the trail in the database.
     */
    @Test
    @Order(2)
    void aStudySentWithAReferralReasonHasTheReferralAsLegalBasisInTheTrail() throws Exception {
        call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                + "birth_date,sex\nPAT-9," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,19811231,M\n");
        call("PUT", "/api/institutions/umcx", "application/json", "{\"key\":\"umcx\",\"name\":\"UMC X\",\"aeTitle\":"
                + "\"REMOTE\",\"host\":\"127.0.0.1\",\"port\":" + remotePort + ",\"tls\":false}");
        String referral = "Verwijzing neurochirurgie: graag beoordelen";
        long job;
        try (OrthancPeer orthanc = OrthancPeer.start(Files.createDirectories(dir.resolve("orthanc")),
                java.util.Map.of("zb", new OrthancPeer.Modality("ZB_EXPORT", dicom.port()),
                        "zorgbrug", new OrthancPeer.Modality("ZORGBRUG", dicom.port())),
                OrthancPeer.Access.AS_INSTALLED)) {
            call("PUT", "/api/institutions/ownpacs", "application/json", "{\"key\":\"ownpacs\",\"name\":"
                    + "\"Eigen PACS\",\"aeTitle\":\"" + OrthancPeer.AET + "\",\"host\":\"127.0.0.1\",\"port\":"
                    + orthanc.dicomPort() + ",\"tls\":false}");
            Path in = Files.createDirectories(dir.resolve("in-send"));
            assertThat(orthanc.postBytes("/instances", Files.readAllBytes(GatewayNodeTest.ct(in, "PAT-9", LOCAL_ISSUER,
                    "2.25.888003"))).statusCode()).isEqualTo(200);

            JsonNode sent = json.readTree(call("POST", "/api/jobs/send", "application/json", "{\"studyInstanceUid\":"
                    + "\"2.25.888003\",\"institution\":\"umcx\",\"remark\":\"MDO donderdag\",\"referralReason\":\""
                    + referral + "\"}").body());
            assertThat(sent.get("moved").asInt()).isEqualTo(1);
            job = sent.at("/job/id").asLong();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!"DONE".equals(json.readTree(call("GET", "/api/jobs/" + job, null, null).body()).at("/job/state")
                    .asText())) {
                assertThat(System.currentTimeMillis()).as("job " + job + " DONE").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        events.catchUp();

        long sentJob = job;
        List<AuditEvent> ofJob = new JdbcAuditStore(dataSource).read(0, 10_000).stream().map(AuditRecord::event)
                .filter(e -> e.objects().contains(ObjectRef.job(sentJob))).toList();
        String basis = "; referral: " + referral + "; sent by " + TestNode.USER + " at ";
        AuditEvent send = ofJob.stream().filter(e -> e.type() == EventType.JOB_ACTION).findFirst().orElseThrow();
        assertThat(send.actor().userId()).isEqualTo(TestNode.USER);
        assertThat(send.legalBasis()).isInstanceOfSatisfying(LegalBasis.Referral.class, r -> assertThat(r.reference())
                .startsWith("send" + basis));
        AuditEvent received = ofJob.stream().filter(e -> e.type() == EventType.RECEIVE).findFirst().orElseThrow();
        assertThat(received.actor().userId()).isEqualTo(OrthancPeer.AET);
        assertThat(received.legalBasis()).isInstanceOfSatisfying(LegalBasis.Referral.class, r -> assertThat(r.reference())
                .startsWith("route export-umcx" + basis));
        List<AuditEvent> sends = ofJob.stream().filter(e -> e.type() == EventType.SEND).toList();
        assertThat(sends).as("the DONE (and any Delivered)").isNotEmpty().allSatisfy(e -> {
            assertThat(e.destination().name()).isEqualTo("umcx");
            assertThat(e.patient().bsn()).isEqualTo(Bsn.parse("999911120"));
            assertThat(e.legalBasis()).isInstanceOfSatisfying(LegalBasis.Referral.class, r -> assertThat(r.reference())
                    .startsWith("export" + basis));
        });
        // The same person's send, at one time, on every event of the push.
        assertThat(ofJob.stream().map(AuditEvent::legalBasis).filter(LegalBasis.Referral.class::isInstance)
                .map(b -> ((LegalBasis.Referral) b).reference().replaceFirst("^.*; sent by ", "")).distinct())
                .hasSize(1);
        trail.checkpoint();
        assertThat(new TrailVerifier(new JdbcAuditStore(dataSource), NodeKey.readPublicKey(dir.resolve("data")
                .resolve("audit").resolve(NodeKey.PUBLIC_FILE))).verify().intact()).isTrue();
    }
}

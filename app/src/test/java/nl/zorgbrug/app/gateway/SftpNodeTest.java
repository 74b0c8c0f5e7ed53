package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.transport.sftp.MinaSftpServer;
import nl.zorgbrug.transport.sftp.SftpInbox;
import nl.zorgbrug.transport.sftp.SshKeys;

/**
 * The SFTP channel in the node (`zorgbrug serve` as a Spring context, issue 21): an address-book entry with an SFTP
 * drop gets the export route's study as a package; the node's inbox, set to poll that same drop as a partner's,
 * takes the package back in through the import route, and our PACS (storescp) gets the objects with the local ID
 * swapped back. One node plays both hospitals, so the test needs one SFTP server (MINA's embedded one).
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SftpNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static Path dir;
    static Path key;
    static MinaSftpServer drop;
    static Process pacs;
    static int pacsPort;

    /** The peers, made once whichever of Spring's property source or the test comes first. */
    static synchronized void peers() throws Exception {
        if (dir != null) {
            return;
        }
        Dcmtk.require();
        dir = Files.createTempDirectory("zorgbrug-sftp-node");
        key = SshKeys.generate(dir.resolve("keys/id_ecdsa"));
        drop = new MinaSftpServer(dir.resolve("sftp-root"), dir.resolve("mina-host-key"), Path.of(key + ".pub"), 0);
        Files.createDirectories(drop.root().resolve("drop"));
        pacsPort = Dcmtk.freePort();
        pacs = Dcmtk.storescp("OWNPACS", pacsPort, Files.createDirectories(dir.resolve("pacs")), dir.resolve("p.log"));
    }

    @AfterAll
    static void stopPeers() throws IOException {
        if (pacs != null) {
            pacs.destroy();
        }
        if (drop != null) {
            drop.close();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws Exception {
        peers();
        TestNode.properties(r, dir, "sftpnode", LOCAL_ISSUER, "300ms");
        r.add("zorgbrug.gateway.routes[0].allowed-callers", () -> "OWNPACS");
        String p = "zorgbrug.transport.sftp.";
        r.add(p + "sender-name", () -> "Ziekenhuis A");
        r.add(p + "sender-ura", () -> "12345678");
        r.add(p + "poll-interval", () -> "300ms");
        r.add(p + "partners[0].key", () -> "umcx");
        r.add(p + "partners[0].route", () -> "import");
        r.add(p + "partners[0].host", () -> "127.0.0.1");
        r.add(p + "partners[0].port", () -> Integer.toString(drop.port()));
        r.add(p + "partners[0].user", () -> "zorgbrug");
        r.add(p + "partners[0].host-key", () -> fingerprint());
        r.add(p + "partners[0].private-key", () -> key.toString());
        r.add(p + "partners[0].folder", () -> "drop");
    }

    static String fingerprint() {
        try {
            return drop.hostKeyFingerprint();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    @Test
    void aStudyLeavesBySftpAndComesBackThroughTheInboxToOurPacsWithTheLocalId() throws Exception {
        call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                + "birth_date,sex\nPAT-9," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,19811231,M\n");
        call("PUT", "/api/institutions/umcx", "application/json",
                "{\"key\":\"umcx\",\"name\":\"UMC X\",\"ura\":\"87654321\"}");
        call("PUT", "/api/institutions/umcx/sftp", "application/json", "{\"host\":\"127.0.0.1\",\"port\":"
                + drop.port() + ",\"user\":\"zorgbrug\",\"hostKeyFingerprint\":\"" + drop.hostKeyFingerprint()
                + "\",\"privateKey\":\"" + key + "\",\"folder\":\"drop\",\"preferred\":true}");
        call("PUT", "/api/institutions/ownpacs", "application/json", "{\"key\":\"ownpacs\",\"name\":\"Eigen PACS\","
                + "\"aeTitle\":\"OWNPACS\",\"host\":\"127.0.0.1\",\"port\":" + pacsPort + ",\"tls\":false}");

        Path in = Files.createDirectories(dir.resolve("in"));
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", dicom.port(),
                List.of(GatewayNodeTest.ct(in, "PAT-9", LOCAL_ISSUER, "2.25.778001")))).isZero();
        JsonNode export = awaitJob("direction=EXPORT&state=DONE");
        assertThat(export.get("destination").asText()).isEqualTo("umcx");

        JsonNode imported = awaitJob("direction=IMPORT&state=DONE");
        assertThat(imported.get("studyInstanceUid").asText()).isEqualTo("2.25.778001");
        Path atPacs = awaitFile(dir.resolve("pacs"));
        DataSet ds = Part10Reader.read(atPacs).dataSet();
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("PAT-9");
        assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
        try (Stream<Path> s = Files.list(drop.root().resolve("drop"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("zb-" + export.get("id").asText() + "-2.25.778001.zip" + SftpInbox.RECEIPT);
        }
    }

    static Path awaitFile(Path d) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Stream<Path> s = Files.list(d)) {
                List<Path> files = s.filter(p -> p.toString().endsWith(".dcm")).toList();
                if (!files.isEmpty()) {
                    return files.get(0);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("our PACS received nothing in " + d);
    }
}

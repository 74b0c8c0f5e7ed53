package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.transport.TestStudies;
import nl.zorgbrug.transport.pkg.StudyPackageWriter;
import nl.zorgbrug.transport.sftp.MinaSftpServer;
import nl.zorgbrug.transport.sftp.SftpInbox;
import nl.zorgbrug.transport.sftp.SshKeys;

/**
 * Issue 21, "kill -9 of the node mid-import → after restart every object imported once": a partner's package of a
 * few hundred objects lies in the drop; the node (`zorgbrug serve`, a process of its own) claims and fetches it and
 * is killed with SIGKILL as soon as the first of its objects is in the spool, while the rest are still being handed
 * to the import route. Started again, it hands the package in again from its incoming/ folder: our PACS (storescp,
 * which gives every reception a file of its own) gets each object exactly once, under the local patient number, and
 * the partner gets its receipt, although the package was no longer in the drop when the node came back.
 */
class SftpImportCrashTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String STUDY = "2.25.626262";
    static final int IMAGES = 300;

    @TempDir
    Path tmp;

    @Test
    void aNodeKilledMidImportImportsEveryObjectOnceAfterItsRestartAndAnswersThePartner() throws Exception {
        Dcmtk.require();
        Path key = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
        Path pacsDir = Files.createDirectories(tmp.resolve("pacs"));
        int pacsPort = Dcmtk.freePort();
        Process pacs = Dcmtk.storescp("OWNPACS", pacsPort, pacsDir, tmp.resolve("pacs.log"));
        try (MinaSftpServer drop = new MinaSftpServer(tmp.resolve("sftp-root"), tmp.resolve("mina-host-key"),
                Path.of(key + ".pub"), 0)) {
            Path dropDir = Files.createDirectories(drop.root().resolve("drop"));
            int httpPort = Dcmtk.freePort();
            Path data = tmp.resolve("data");
            Path config = tmp.resolve("node.yml");
            Files.writeString(config, String.join("\n",
                    "server.port: " + httpPort,
                    "zorgbrug:",
                    "  data-dir: " + data,
                    "  spool-min-free: 1MB",
                    "  users:",
                    "    - {name: root, password: '{noop}crash-test', roles: [ADMIN, OPERATOR]}",
                    "  gateway:",
                    "    port: " + Dcmtk.freePort(),
                    "    local-issuer: " + LOCAL_ISSUER,
                    // Longer than any pause within one package's intake: the import job is not sent before the
                    // kill, so what is measured is the intake's restart, not a delivery broken off.
                    "    quiet-time: 5s",
                    "    routes:",
                    "      - {name: import, called-ae-title: ZB_IMPORT, direction: IMPORT, destination: ownpacs}",
                    "  transport:",
                    "    sftp:",
                    "      sender-name: Ziekenhuis B",
                    "      sender-ura: '87654321'",
                    "      poll-interval: 500ms",
                    "      partners:",
                    "        - {key: umcx, route: import, host: 127.0.0.1, port: " + drop.port() + ", user: zorgbrug,"
                            + " host-key: '" + drop.hostKeyFingerprint() + "', private-key: " + key + ", folder: drop}",
                    ""));
            try (NodeProcess node = NodeProcess.start(config, tmp.resolve("node.log"), httpPort, "root",
                    "crash-test")) {
                node.call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,"
                        + "given_name,birth_date,sex\nPAT-6," + LOCAL_ISSUER + "," + TestStudies.BSN
                        + ",validated,Vries,Ella,19700101,F\n");
                node.call("PUT", "/api/institutions/ownpacs", "application/json", "{\"key\":\"ownpacs\",\"name\":"
                        + "\"Eigen PACS\",\"aeTitle\":\"OWNPACS\",\"host\":\"127.0.0.1\",\"port\":" + pacsPort
                        + ",\"tls\":false}");

                List<Path> objects = TestStudies.study(tmp.resolve("objects"), STUDY, IMAGES, 3, 32 * 1024);
                Path part = dropDir.resolve("study.zip.part");
                StudyPackageWriter.write(TestStudies.manifest(STUDY), objects, part);
                Files.move(part, dropDir.resolve("study.zip"), StandardCopyOption.ATOMIC_MOVE);

                long deadline = System.currentTimeMillis() + 60_000;
                while (spooled(data) == 0 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(2);
                }
                node.kill(); // SIGKILL, mid-import
                long atKill = spooled(data);
                assertThat(atKill).as("killed after the first object was spooled, before the last").isBetween(1L,
                        IMAGES - 1L);
                assertThat(names(dropDir)).as("claimed and fetched before the kill: gone from the drop")
                        .noneMatch(n -> n.startsWith("study.zip"));
                assertThat(Receptions.storescp(pacsDir)).as("nothing sent before the kill").isEmpty();

                node.start();
                Map<String, Integer> arrived = Map.of();
                deadline = System.currentTimeMillis() + 90_000;
                while (System.currentTimeMillis() < deadline) {
                    arrived = Receptions.storescp(pacsDir);
                    if (arrived.size() == IMAGES && names(dropDir).contains("study.zip" + SftpInbox.RECEIPT)) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertThat(arrived).as("objects at our PACS; jobs: " + node.call("GET", "/api/jobs", null, null))
                        .hasSize(IMAGES);
                Thread.sleep(1_000); // anything sent twice would arrive now
                assertThat(Receptions.storescp(pacsDir).entrySet().stream().filter(e -> e.getValue() > 1)
                        .map(Map.Entry::getKey).toList()).as("objects imported more than once").isEmpty();
                try (Stream<Path> s = Files.list(pacsDir)) {
                    DataSet ds = Part10Reader.read(s.filter(p -> p.toString().endsWith(".dcm")).findFirst()
                            .orElseThrow()).dataSet();
                    assertThat(ds.getString(Tag.PatientID)).isEqualTo("PAT-6");
                    assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);
                }
                String receipt = Files.readString(dropDir.resolve("study.zip" + SftpInbox.RECEIPT));
                assertThat(receipt).contains("\"imported\":" + IMAGES).contains("\"notTaken\":[]");
                assertThat(node.call("GET", "/api/jobs?direction=IMPORT", null, null))
                        .containsOnlyOnce("\"studyInstanceUid\":\"" + STUDY + "\"");
            }
        } finally {
            pacs.destroy();
        }
    }

    /** Objects of the study in the node's spool. */
    private static long spooled(Path data) throws IOException {
        Path spool = data.resolve("spool");
        if (!Files.exists(spool)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(spool)) {
            return s.filter(p -> p.getFileName().toString().startsWith(STUDY + ".")).count();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

package nl.zorgbrug.app.gateway;

import nl.zorgbrug.gateway.e2e.Dcmtk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.StoreScu;

/**
 * The node is killed with SIGKILL while it receives and forwards a 500-image study, then restarted;
 * the sender resends what was not acknowledged (issue 5: "every object whose C-STORE was answered with
 * success arrives exactly once").
 *
 * <p>An object can be on the wire to the destination at the moment of the kill: stored there, its answer
 * lost; the node recorded it as on the wire before sending it. After the restart the node asks the destination
 * which of the objects on the wire it already holds (C-FIND, gateway's InDoubtInstances). Against Orthanc, which answers C-FIND, every object
 * arrives exactly once. storescp answers no C-FIND, so at most that one object may arrive twice there (a
 * receiver that keys on the SOP Instance UID, as PACS do, stores it once); docs/operations.md states this.
 */
class CrashRecoveryTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final int IMAGES = 500;

    @TempDir
    Path tmp;

    private NodeProcess node;
    private int httpPort;
    private int dicomPort;



    @Test
    void aDestinationThatAnswersCFindGetsEveryObjectExactlyOnce() throws Exception {
        Dcmtk.require();
        Path orthancDir = Files.createDirectories(tmp.resolve("orthanc"));
        // Orthanc as installed, where the hospital registered our node's AE title as a modality: only then does
        // it answer our C-FIND (a receiver that does not is aDestinationWithoutCFind..., and gateway's InDoubtDeliveryTest).
        try (OrthancPeer remote = OrthancPeer.startCountingReceptions(orthancDir,
                Map.of("zorgbrug", new OrthancPeer.Modality("ZORGBRUG", 104)), OrthancPeer.Access.AS_INSTALLED)) {
            Map<String, Integer> arrived = killAndResend("{\"key\":\"umcx\",\"name\":\"UMC X\",\"aeTitle\":\""
                    + OrthancPeer.AET + "\",\"host\":\"127.0.0.1\",\"port\":" + remote.dicomPort() + ",\"tls\":false}",
                    () -> OrthancPeer.receptions(orthancDir));
            assertThat(arrived.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("objects that arrived at Orthanc more than once").isEmpty();
        }
    }

    @Test
    void aDestinationWithoutCFindGetsAtMostTheObjectOnTheWireTwice() throws Exception {
        Dcmtk.require();
        int remotePort = Dcmtk.freePort();
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        Process remote = Dcmtk.storescp("REMOTE", remotePort, remoteDir, tmp.resolve("remote.log"));
        try {
            Map<String, Integer> arrived = killAndResend("{\"key\":\"umcx\",\"name\":\"UMC X\",\"aeTitle\":\"REMOTE\","
                    + "\"host\":\"127.0.0.1\",\"port\":" + remotePort + ",\"tls\":false}", () -> Receptions.storescp(remoteDir));
            long twice = arrived.values().stream().filter(n -> n > 1).count();
            assertThat(twice).as("objects delivered more than once").isLessThanOrEqualTo(1);
            assertThat(arrived.values()).allMatch(n -> n <= 2);
        } finally {
            remote.destroy();
        }
    }

    /** What the destination received: SOP Instance UID → how many times. */
    private interface Arrivals {
        Map<String, Integer> read() throws IOException;
    }

    /**
     * Starts the node with an export route to the institution, sends the study, kills the node after 150
     * acknowledged objects, restarts it, resends what was not acknowledged and waits until every object
     * arrived and no job is left to do. Returns what arrived.
     */
    private Map<String, Integer> killAndResend(String institutionJson, Arrivals destination) throws Exception {
        httpPort = Dcmtk.freePort();
        dicomPort = Dcmtk.freePort();
        Path config = tmp.resolve("node.yml");
        Files.writeString(config, String.join("\n",
                "server.port: " + httpPort,
                "zorgbrug:",
                "  data-dir: " + tmp.resolve("data"),
                "  spool-min-free: 1MB",
                "  users:",
                "    - {name: root, password: '{noop}crash-test', roles: [ADMIN, OPERATOR]}",
                "  gateway:",
                "    port: " + dicomPort,
                "    local-issuer: " + LOCAL_ISSUER,
                "    quiet-time: 0s",
                "    routes:",
                "      - {name: export, called-ae-title: ZB_EXPORT, direction: EXPORT, destination: umcx}",
                ""));
        Path log = tmp.resolve("node.log");
        node = NodeProcess.start(config, log, httpPort, "root", "crash-test");
        try {
            node.call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex\n"
                    + "PAT-5," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,19811231,M\n");
            node.call("PUT", "/api/institutions/umcx", "application/json", institutionJson);

            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> files = new ArrayList<>();
            for (int i = 1; i <= IMAGES; i++) {
                files.add(image(in, i));
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger count = new AtomicInteger();
            Connector connector = new Connector(AssociationOptions.DEFAULT);
            Thread killer = new Thread(() -> {
                while (count.get() < 150) {
                    Thread.onSpinWait();
                }
                try {
                    node.kill(); // SIGKILL
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            killer.start();
            try {
                StoreScu.send(connector, "OWNPACS", "ZB_EXPORT", "127.0.0.1", dicomPort, files, (o, done, total) -> {
                    if (o.status() != null && o.status().isSuccess()) {
                        acknowledged.add(o.sopInstanceUid());
                        count.incrementAndGet();
                    }
                });
            } catch (IOException expected) {
                // the association broke when the node died
            }
            killer.join(60_000);
            assertThat(acknowledged.size()).isBetween(150, IMAGES - 1);

            node.start();
            List<Path> rest = new ArrayList<>();
            for (Path f : files) {
                if (!acknowledged.contains(sop(f))) {
                    rest.add(f);
                }
            }
            List<StoreScu.Outcome> again = StoreScu.send(connector, "OWNPACS", "ZB_EXPORT", "127.0.0.1", dicomPort, rest,
                    (o, d, t) -> { });
            assertThat(again).allMatch(StoreScu.Outcome::ok);

            Map<String, Integer> arrived = new HashMap<>();
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                arrived = destination.read();
                if (arrived.size() == IMAGES && node.call("GET", "/api/jobs?state=DONE", null, null).contains("DONE")
                        && !node.call("GET", "/api/jobs", null, null).matches("(?s).*\"state\":\"(WAITING|IN_PROGRESS)\".*")) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(arrived.keySet()).as("arrived; jobs: " + node.call("GET", "/api/jobs", null, null)).hasSize(IMAGES);
            return arrived;
        } finally {
            if (node != null) {
                node.kill();
            }
        }
    }

    static String sop(Path f) {
        String name = f.getFileName().toString();
        return "2.25.424242." + name.substring(2, name.length() - 4);
    }

    static Path image(Path dir, int n) throws IOException {
        String sop = "2.25.424242." + n;
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.AccessionNumber, VR.SH, "CRASH1");
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jurgen");
        ds.setString(Tag.PatientID, VR.LO, "PAT-5");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, LOCAL_ISSUER);
        ds.setString(Tag.PatientBirthDate, VR.DA, "19811231");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.424242");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.424242.0");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[128 * 128 * 2]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = dir.resolve("ct" + n + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", sop, ts, "T"), ds, ts,
                true), file);
        return file;
    }

}

package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.transport.pkg.PackageLimits;
import nl.zorgbrug.transport.pkg.PackageReader;
import nl.zorgbrug.transport.sftp.MinaSftpServer;
import nl.zorgbrug.transport.sftp.SshKeys;

/**
 * Issue 21, "kill -9 of the node mid-upload → after restart the package is delivered once": the node (a process of
 * its own, `zorgbrug serve`) is killed with SIGKILL while it uploads a study's package to an SFTP drop (MINA's server,
 * slowed so the upload takes seconds), then started again; the job interrupted by the kill is delivered again and the
 * drop holds one package, complete and verified, and no part of another.
 */
class SftpCrashTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String STUDY = "2.25.515151";
    static final int IMAGES = 10;

    @TempDir
    Path tmp;

    private NodeProcess node;

    @Test
    void aNodeKilledMidUploadDeliversThePackageOnceAfterItsRestart() throws Exception {
        Dcmtk.require();
        Path key = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
        try (MinaSftpServer drop = new MinaSftpServer(tmp.resolve("sftp-root"), tmp.resolve("mina-host-key"),
                Path.of(key + ".pub"), 0)) {
            Path dropDir = Files.createDirectories(drop.root().resolve("drop"));
            // About 5 MB of package in 128 KiB writes, each held 150 ms: the upload takes several seconds.
            drop.writeDelayMillis = 150;
            int httpPort = Dcmtk.freePort();
            int dicomPort = Dcmtk.freePort();
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
                    "    quiet-time: 1s",
                    "    routes:",
                    "      - {name: export, called-ae-title: ZB_EXPORT, direction: EXPORT, destination: umcx}",
                    "  transport:",
                    "    sftp: {sender-name: Ziekenhuis A, sender-ura: '12345678'}",
                    ""));
            Path log = tmp.resolve("node.log");
            node = NodeProcess.start(config, log, httpPort, "root", "crash-test");
            try {
                node.call("POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,family_name,"
                        + "given_name,birth_date,sex\nPAT-5," + LOCAL_ISSUER + ",999911120,validated,Dijk,Jürgen,"
                        + "19811231,M\n");
                node.call("PUT", "/api/institutions/umcx", "application/json",
                        "{\"key\":\"umcx\",\"name\":\"UMC X\",\"ura\":\"87654321\"}");
                node.call("PUT", "/api/institutions/umcx/sftp", "application/json", "{\"host\":\"127.0.0.1\",\"port\":"
                        + drop.port() + ",\"user\":\"zorgbrug\",\"hostKeyFingerprint\":\"" + drop.hostKeyFingerprint()
                        + "\",\"privateKey\":\"" + key + "\",\"folder\":\"drop\",\"preferred\":true}");
                Path in = Files.createDirectories(tmp.resolve("in"));
                List<Path> files = new ArrayList<>();
                for (int n = 1; n <= IMAGES; n++) {
                    files.add(image(in, n));
                }
                assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", dicomPort, files)).isZero();

                long deadline = System.currentTimeMillis() + 60_000;
                while (drop.written.get() < 1_000_000 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(drop.written.get()).as("the upload started").isGreaterThanOrEqualTo(1_000_000);
                node.kill(); // SIGKILL, mid-upload
                assertThat(names(dropDir)).as("killed mid-upload: no package renamed into place yet")
                        .noneMatch(n -> n.endsWith(".zip"));

                drop.writeDelayMillis = 0;
                node.start();
                String done = awaitDone();
                long job = Long.parseLong(done.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
                String name = "zb-" + job + "-" + STUDY + ".zip";
                deadline = System.currentTimeMillis() + 10_000;
                while (names(dropDir).size() != 1 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(names(dropDir)).as("one package, no part left").containsExactly(name);
                PackageReader.Verified v = PackageReader.unpack(dropDir.resolve(name), tmp.resolve("check"),
                        PackageLimits.defaults());
                assertThat(v.dicomFiles()).hasSize(IMAGES);
                assertThat(v.manifest().patientBsn()).isEqualTo("999911120");
                assertThat(node.call("GET", "/api/jobs/" + job, null, null)).contains("\"channel\":\"SFTP\"")
                        .contains("interrupted by a restart");
            } finally {
                node.kill();
            }
        }
    }

    private String awaitDone() throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        String jobs = "";
        while (System.currentTimeMillis() < deadline) {
            jobs = node.call("GET", "/api/jobs?state=DONE", null, null);
            if (jobs.contains("\"id\"")) {
                return jobs;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no job DONE after the restart: " + node.call("GET", "/api/jobs", null, null));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** An object of the study with 512 KiB of random pixel bytes, so the package does not deflate to nothing. */
    private static Path image(Path dir, int n) throws IOException {
        String sop = STUDY + "." + n;
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.AccessionNumber, VR.SH, "CRASH21");
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jurgen");
        ds.setString(Tag.PatientID, VR.LO, "PAT-5");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, LOCAL_ISSUER);
        ds.setString(Tag.PatientBirthDate, VR.DA, "19811231");
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".0");
        byte[] pixels = new byte[512 * 1024];
        new Random(n).nextBytes(pixels);
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = dir.resolve("ct" + n + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", sop, ts, "T"), ds,
                ts, true), file);
        return file;
    }


}

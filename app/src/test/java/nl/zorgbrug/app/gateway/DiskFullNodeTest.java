package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.e2e.Dcmtk;

/**
 * A full disk, for real (issue 15, blocker 4): the node's data directory (spool and embedded H2 database) on a
 * 40 MB tmpfs, which the test fills with a file as a log or a backup would. The node, started as `serve` in its own
 * JVM as a hospital runs it, must
 * <ul>
 *   <li>refuse new objects with 0xA700 while the disk is below its reserve, keeping no file of them,</li>
 *   <li>say so in {@code /actuator/health} (503, diskSpace OUT_OF_SERVICE with the data directory),</li>
 *   <li>answer the API with 503 and a plain sentence, not 500, once the disk is so full that H2 closes the
 *       database,</li>
 *   <li>and recover by itself when the file is deleted: health UP, the API writing again (H2 reopened), the refused
 *       object taken on its resend, and the object accepted before the disk ran full delivered.</li>
 * </ul>
 * Mounting a tmpfs needs root; the CI of this project runs as root (uid 0), so under CI=true the test fails rather
 * than skip when it cannot mount, like gateway's SpoolFullTest.
 */
class DiskFullNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final long MB = 1024 * 1024;

    @TempDir
    Path tmp;

    private Path disk;
    private NodeProcess node;
    private Process destination;
    private int httpPort;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.kill();
        }
        if (destination != null) {
            destination.destroyForcibly().waitFor();
        }
        if (disk != null) {
            new ProcessBuilder("umount", disk.toString()).start().waitFor();
        }
    }

    private void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        if (p.waitFor() != 0) {
            String message = "cannot mount a 40 MB tmpfs (needs root): " + new String(p.getInputStream().readAllBytes());
            disk = null;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    @Test
    void aFullDiskRefusesNewObjectsTellsHealthAndTheApiAndRecoversByItself() throws Exception {
        Dcmtk.require();
        mountSmallDisk();
        httpPort = Dcmtk.freePort();
        int dicomPort = Dcmtk.freePort();
        int destinationPort = Dcmtk.freePort();
        Path data = disk.resolve("data");
        Path config = tmp.resolve("node.yml");
        Files.writeString(config, String.join("\n",
                "server.port: " + httpPort,
                "zorgbrug:",
                "  data-dir: " + data,
                "  spool-min-free: 8MB",
                "  database-min-free: 8MB",
                "  retry: {initial: 1s, factor: 1.0, max: 1s, max-attempts: 1000}",
                "  users:",
                "    - {name: root, password: '{noop}disk-test', roles: [ADMIN, OPERATOR]}",
                "  gateway:",
                "    port: " + dicomPort,
                "    local-issuer: " + LOCAL_ISSUER,
                "    quiet-time: 0s",
                "    routes:",
                "      - {name: export, called-ae-title: ZB_EXPORT, direction: EXPORT, destination: umcx}",
                ""));
        log = tmp.resolve("node.log");
        node = NodeProcess.start(config, log, httpPort, "root", "disk-test");
        assertThat(call("POST", "/api/mpi/import", "local_id,local_issuer,bsn,bsn_status,family_name,given_name,"
                + "birth_date,sex\nPAT-9," + LOCAL_ISSUER + ",999911120,validated,Schijf,Test,19811231,M\n", "text/csv")
                .statusCode()).isEqualTo(200);
        String institution = "{\"key\":\"umcx\",\"name\":\"UMC X\",\"aeTitle\":\"REMOTE\",\"host\":\"127.0.0.1\","
                + "\"port\":" + destinationPort + ",\"tls\":false}";
        assertThat(call("PUT", "/api/institutions/umcx", institution).statusCode()).isEqualTo(200);
        Path in = Files.createDirectories(tmp.resolve("in"));
        Connector connector = new Connector(AssociationOptions.DEFAULT);

        // Before: taken. The destination is not listening yet, so the object waits in the spool.
        assertThat(send(connector, dicomPort, image(in, 1))).isEqualTo(0x0000);

        // The disk below the reserve, not yet full: new objects are refused and nothing of them is kept.
        Path filler = disk.resolve("filler");
        long usable = Files.getFileStore(disk).getUsableSpace();
        try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
            f.setLength(0);
        }
        fill(filler, usable - 4 * MB);
        assertThat(send(connector, dicomPort, image(in, 2))).isEqualTo(0xA700);
        assertThat(spooled(data, "2.25.515151.2")).as("no file of the refused object").isEmpty();
        assertThat(Files.readString(log)).contains("object 2.25.515151.2 from OWNPACS on route export: new objects"
                + " are refused (Out of Resources, 0xA700)", "zorgbrug.spool-min-free");
        HttpResponse<String> health = call("GET", "/actuator/health", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.body()).contains("\"diskSpace\":{\"status\":\"OUT_OF_SERVICE\"", data.resolve("spool").toString(),
                "zorgbrug.database-min-free");

        // The disk full to the last block (something else wrote on): the database's next write fails and H2 closes
        // the database. The API says so with 503 and a sentence, never 500.
        fill(filler, Long.MAX_VALUE);
        int status = 0;
        long deadline = System.currentTimeMillis() + 30_000;
        for (int i = 0; status != 503 && System.currentTimeMillis() < deadline; i++) {
            HttpResponse<String> r = call("PUT", "/api/institutions/umcx", institution.replace("UMC X", "UMC X " + i));
            status = r.statusCode();
            assertThat(status).as(r.body()).isIn(200, 503);
            if (status == 503) {
                assertThat(r.body()).contains("cannot write to its database");
                assertThat(r.headers().firstValue("Retry-After")).hasValue("60");
            }
        }
        assertThat(status).as("a write while the disk is full").isEqualTo(503);
        assertThat(call("GET", "/actuator/health", null).statusCode()).isEqualTo(503);

        // Space returns: the node recovers by itself, without a restart.
        Files.delete(filler);
        awaitStatus("GET", "/actuator/health", null, 200);
        awaitStatus("PUT", "/api/institutions/umcx", institution, 200);
        // The pool may still hold connections opened before H2 closed the database: each fails once and is dropped
        // (DatabaseFailures), so a resend may meet one and hear 0xA700 "database cannot record now" once more, as a
        // PACS does before its next retry. It must be taken within a few resends, and nothing else may refuse it.
        int resent = send(connector, dicomPort, image(in, 2));
        for (int attempt = 1; resent == 0xA700 && attempt < 10; attempt++) {
            assertThat(Files.readString(log)).as("a refusal after recovery is the stale connection's")
                    .contains("object 2.25.515151.2 from OWNPACS on route export was refused (Out of Resources,"
                            + " 0xA700): the database could not record it");
            Thread.sleep(500);
            resent = send(connector, dicomPort, image(in, 2));
        }
        assertThat(resent).as("the resend of the refused object").isEqualTo(0x0000);

        Path received = Files.createDirectories(tmp.resolve("received"));
        destination = Dcmtk.storescp("REMOTE", destinationPort, received, tmp.resolve("storescp.log"));
        deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && count(received) < 2) {
            Thread.sleep(250);
        }
        assertThat(count(received)).as("delivered; jobs: " + call("GET", "/api/jobs", null).body()).isEqualTo(2);
        deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && !spooledFiles(data).isEmpty()) {
            Thread.sleep(100);
        }
        assertThat(spooledFiles(data)).as("the spool is empty once both are delivered: no orphans").isEmpty();
    }

    /** Appends zeros to {@code filler} until it is {@code size} long or the disk is full. */
    private static void fill(Path filler, long size) throws IOException {
        byte[] block = new byte[64 * 1024];
        long length = Files.size(filler);
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (length < size) {
                int n = (int) Math.min(block.length, size - length);
                out.write(block, 0, n);
                length += n;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    private int send(Connector connector, int port, Path file) throws Exception {
        List<StoreScu.Outcome> outcomes = StoreScu.send(connector, "OWNPACS", "ZB_EXPORT", "127.0.0.1", port,
                List.of(file), (o, d, t) -> { });
        assertThat(outcomes.get(0).status()).as(String.valueOf(outcomes.get(0).error())).isNotNull();
        return outcomes.get(0).status().code();
    }

    private static List<Path> spooledFiles(Path data) throws IOException {
        Path spool = data.resolve("spool");
        if (!Files.exists(spool)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(spool)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> spooled(Path data, String sop) throws IOException {
        return spooledFiles(data).stream().filter(p -> p.getFileName().toString().startsWith(sop + ".")).toList();
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    private void awaitStatus(String method, String path, String body, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        HttpResponse<String> r = call(method, path, body);
        while (r.statusCode() != expected && System.currentTimeMillis() < deadline) {
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body() + "\n" + logTail()).isNotEqualTo(500);
            Thread.sleep(250);
            r = call(method, path, body);
        }
        String threadsInH2 = "";
        if (r.statusCode() != expected) {
            // Kept for whoever reads a CI run: the node's log and where its threads are (not only the last answer).
            // Seen twice in 9 local runs (2026-12-07): the database not reopened 30 s after the space came back, a new
            // connection refused with 90020 "file is locked" while one pool connection stayed active in the audit
            // pump's insert (H2's MVSecondaryIndex.checkUnique) on the database H2 had closed.
            threadsInH2 = keepDiagnostics();
        }
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body() + "\nthreads in H2:\n" + threadsInH2
                + "\n" + logTail()).isEqualTo(expected);
    }

    /**
     * The node's log and a thread dump into target/fault-logs, where the failing run's evidence outlives @TempDir;
     * returns the dump's threads that are inside H2.
     */
    private String keepDiagnostics() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "fault-logs"));
        Files.copy(log, logs.resolve("disk-full-node.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String dump = node.threadDump();
        Files.writeString(logs.resolve("disk-full-node-threads.txt"), dump);
        return java.util.Arrays.stream(dump.split("\n\n")).filter(t -> t.contains("org.h2."))
                .collect(java.util.stream.Collectors.joining("\n\n"));
    }

    private String logTail() throws IOException {
        String all = Files.readString(log);
        return all.substring(Math.max(0, all.length() - 20_000));
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, body, "application/json");
    }

    private HttpResponse<String> call(String method, String path, String body, String type) throws Exception {
        return node.request(method, path, body == null ? null : type, body);
    }


    private static Path image(Path dir, int n) throws IOException {
        String sop = "2.25.515151." + n;
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.AccessionNumber, VR.SH, "DISK1");
        ds.setString(Tag.PatientName, VR.PN, "Schijf^Test");
        ds.setString(Tag.PatientID, VR.LO, "PAT-9");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, LOCAL_ISSUER);
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.515151");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.515151.0");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[64 * 64 * 2]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = dir.resolve("ct" + n + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", sop, ts, "T"),
                ds, ts, true), file);
        return file;
    }
}

package nl.zorgbrug.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.app.ZorgbrugCommand;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import picocli.CommandLine;

/** dicom find, move and get against an Orthanc started by the test on loopback. */
class DicomQueryCommandsTest {
    static final String ORTHANC = "/usr/sbin/Orthanc";

    @TempDir
    Path tmp;

    Process orthanc;
    Acceptor destination;
    int dicomPort;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeEach
    void start() throws Exception {
        boolean present = Files.isExecutable(Path.of(ORTHANC));
        if ("true".equals(System.getenv("CI")) && !present) {
            fail("Orthanc is not installed (CI=true: interop tests must not be skipped); .ci/run installs it");
        }
        Assumptions.assumeTrue(present, "Orthanc not installed");
        DicomServer server = new DicomServer(Map.of("ZB_DEST", Set.of()), new FileStoreHandler(tmp.resolve("moved")));
        destination = new Acceptor(server, server, AssociationOptions.DEFAULT, 10).start(InetAddress.getLoopbackAddress(), 0);
        dicomPort = freePort();
        int httpPort = freePort();
        Path db = Files.createDirectories(tmp.resolve("db"));
        Path config = tmp.resolve("orthanc.json");
        Files.writeString(config, "{\"Name\":\"cli-test\",\"StorageDirectory\":\"" + db + "\",\"IndexDirectory\":\"" + db
                + "\",\"HttpPort\":" + httpPort + ",\"DicomPort\":" + dicomPort + ",\"DicomAet\":\"ORTHANC\","
                + "\"RemoteAccessAllowed\":false,\"AuthenticationEnabled\":false,\"Plugins\":[],"
                + "\"DicomAlwaysAllowFind\":true,\"DicomAlwaysAllowGet\":true,\"DicomAlwaysAllowMove\":true,"
                + "\"DicomAlwaysAllowStore\":true,\"SaveJobs\":false,"
                + "\"DicomModalities\":{\"dest\":[\"ZB_DEST\",\"127.0.0.1\"," + destination.port() + "]}}");
        ProcessBuilder pb = new ProcessBuilder(ORTHANC, "--no-jobs", config.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("orthanc.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        orthanc = pb.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), dicomPort), 200);
                break;
            } catch (IOException notYet) {
                if (!orthanc.isAlive() || System.currentTimeMillis() > deadline) {
                    fail("Orthanc did not start:\n" + Files.readString(tmp.resolve("orthanc.log")));
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (orthanc != null) {
            orthanc.destroy();
            orthanc.waitFor(10, TimeUnit.SECONDS);
        }
        if (destination != null) {
            destination.close();
        }
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ZorgbrugCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void findMoveAndGet() throws IOException {
        String study = "1.2.826.0.1.3680043.10.2.1";
        String iuid = "1.2.826.0.1.3680043.10.2.1.1";
        Path f = DicomNetworkCommandsTest.ctFile(tmp.resolve("out"), iuid);
        // give the object a study so the study-level keys have something to match
        nl.zorgbrug.dicom.io.DicomFile df = nl.zorgbrug.dicom.io.Part10Reader.read(f);
        df.dataSet().setString(nl.zorgbrug.dicom.data.Tag.StudyInstanceUID, nl.zorgbrug.dicom.data.VR.UI, study);
        df.dataSet().setString(nl.zorgbrug.dicom.data.Tag.SeriesInstanceUID, nl.zorgbrug.dicom.data.VR.UI, study + ".1");
        nl.zorgbrug.dicom.io.Part10Writer.write(df, f);
        String peer = "ORTHANC@127.0.0.1:" + dicomPort;
        String[] sent = run("dicom", "send", peer, f.toString());
        assertThat(sent[0]).as(sent[2]).isEqualTo("0");

        String[] found = run("dicom", "find", peer, "-k", "PatientID=TEST-CLI", "-k", "StudyInstanceUID");
        assertThat(found[0]).as(found[2]).isEqualTo("0");
        assertThat(found[1]).contains(study).contains("# 1 matches");

        String[] none = run("dicom", "find", peer, "-m", "patient", "-L", "PATIENT", "-k", "PatientID=NOBODY*");
        assertThat(none[0]).as(none[2]).isEqualTo("0");
        assertThat(none[1]).contains("# 0 matches");

        String[] moved = run("dicom", "move", peer, "--dest", "ZB_DEST", "-k", "StudyInstanceUID=" + study);
        assertThat(moved[0]).as(moved[2]).isEqualTo("0");
        assertThat(moved[1]).contains("1 completed, 0 failed");
        assertThat(Files.exists(tmp.resolve("moved").resolve(iuid + ".dcm"))).isTrue();

        String[] got = run("dicom", "get", peer, "--dir", tmp.resolve("got").toString(), "-k", "StudyInstanceUID=" + study);
        assertThat(got[0]).as(got[2]).isEqualTo("0");
        assertThat(Files.exists(tmp.resolve("got").resolve(iuid + ".dcm"))).isTrue();

        String[] badKey = run("dicom", "find", peer, "-k", "NoSuchKeyword=1");
        assertThat(badKey[0]).isEqualTo("1");
        assertThat(badKey[2]).contains("'NoSuchKeyword' is not a DICOM keyword");

        String[] unknownDest = run("dicom", "move", peer, "--dest", "NOWHERE", "-k", "StudyInstanceUID=" + study);
        assertThat(unknownDest[0]).isEqualTo("1");
        assertThat(unknownDest[2]).startsWith("error: C-MOVE from " + peer);
    }

}

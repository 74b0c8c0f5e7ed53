package nl.zorgbrug.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.app.ZorgbrugCommand;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import picocli.CommandLine;

/** The people's commands end to end on loopback: listen, echo and send, with their exit codes and messages. */
class DicomNetworkCommandsTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @TempDir
    Path tmp;

    Thread listener;
    int port;
    final AtomicInteger listenExit = new AtomicInteger(-1);
    final StringWriter listenOut = new StringWriter();

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ZorgbrugCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeEach
    void listen() throws Exception {
        port = freePort();
        Path in = tmp.resolve("in");
        listener = new Thread(() -> {
            CommandLine cl = new CommandLine(new ZorgbrugCommand());
            cl.setOut(new PrintWriter(listenOut, true));
            listenExit.set(cl.execute("dicom", "listen", "--aet", "ZB_LISTEN", "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--dir", in.toString(), "--allow", "ZORGBRUG,OTHER"));
        });
        listener.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                break;
            } catch (IOException notYet) {
                assertThat(System.currentTimeMillis()).as("listen started").isLessThan(deadline);
                assertThat(listener.isAlive()).as("listen still running: " + listenOut).isTrue();
                Thread.sleep(50);
            }
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        listener.interrupt();
        listener.join(10_000);
        assertThat(listener.isAlive()).isFalse();
        assertThat(listenExit.get()).isZero();
    }

    static Path ctFile(Path dir, String iuid) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, iuid);
        ds.setString(Tag.PatientName, VR.PN, "Test^CLI");
        ds.setString(Tag.PatientID, VR.LO, "TEST-CLI");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[512]);
        Files.createDirectories(dir);
        Path f = dir.resolve(iuid + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(CT, iuid, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                "TEST"), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true), f);
        return f;
    }

    @Test
    void echoSucceeds() {
        Run r = run("dicom", "echo", "ZB_LISTEN@127.0.0.1:" + port);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("C-ECHO to ZB_LISTEN@127.0.0.1:" + port).contains("Success");
    }

    @Test
    void sendDirectoryStoresEveryFileNamedBySopInstanceUid() throws IOException {
        Path dir = tmp.resolve("out");
        for (String iuid : List.of("1.2.826.0.1.3680043.10.1.1", "1.2.826.0.1.3680043.10.1.2", "1.2.826.0.1.3680043.10.1.3")) {
            ctFile(dir.resolve("sub"), iuid);
        }
        Files.writeString(dir.resolve("README.txt"), "not DICOM");
        Run r = run("dicom", "send", "ZB_LISTEN@127.0.0.1:" + port, dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("sent 3 files").contains("3 success, 0 warning, 0 failure, 0 not sent")
                .contains("1 non-DICOM files skipped");
        for (String n : List.of("1", "2", "3")) {
            Path stored = tmp.resolve("in").resolve("1.2.826.0.1.3680043.10.1." + n + ".dcm");
            assertThat(Part10Reader.read(stored).dataSet().getString(Tag.PatientID)).isEqualTo("TEST-CLI");
        }
        assertThat(listenOut.toString()).contains("stored 1.2.826.0.1.3680043.10.1.1.dcm (CTImageStorage");
    }

    @Test
    void wrongCalledAeFailsWithAOneLineReason() throws IOException {
        Path f = ctFile(tmp.resolve("out"), "1.2.826.0.1.3680043.10.1.9");
        Run r = run("dicom", "send", "NOT_THERE@127.0.0.1:" + port, f.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").contains("called-AE-title-not-recognized");
    }

    @Test
    void callingAeNotAllowedFails() {
        Run r = run("dicom", "echo", "--aet", "INTRUDER", "ZB_LISTEN@127.0.0.1:" + port);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("calling-AE-title-not-recognized");
    }

    @Test
    void nonDicomFileGivenExplicitlyFails() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.dcm"), "hello");
        Run r = run("dicom", "send", "ZB_LISTEN@127.0.0.1:" + port, junk.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains(junk.toString());
    }

    @Test
    void badAddressIsAUsageError() {
        Run r = run("dicom", "echo", "localhost:104");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("expected AET@host:port");
    }

    @Test
    void nobodyListeningFails() throws IOException {
        Run r = run("dicom", "echo", "--connect-timeout", "2", "X@127.0.0.1:" + freePort());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: C-ECHO to X@127.0.0.1:").contains("cannot connect");
    }
}

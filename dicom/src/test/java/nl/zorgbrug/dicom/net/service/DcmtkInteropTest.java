package nl.zorgbrug.dicom.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.Peers;
import nl.zorgbrug.dicom.net.TestCorpus;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Status;

/**
 * Interop with dcmtk 3.6.7 over loopback: echoscu and storescu against our SCP, our SCU against
 * storescp. Data sets must arrive byte-identical in the transfer syntax they were sent in, for a
 * corpus covering implicit and explicit VR little endian, big endian, deflated and JPEG baseline.
 */
class DcmtkInteropTest {
    static final String SCP = "ZB_SCP";

    @TempDir
    Path tmp;

    Acceptor acceptor;
    Path received;

    @BeforeEach
    void start() throws IOException {
        received = tmp.resolve("received");
        DicomServer server = new DicomServer(Map.of(SCP, Set.of("DCMTK", "ZB_SCU")), new FileStoreHandler(received));
        acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 100)
                .start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        acceptor.close();
    }

    @Test
    void echoscuToOurScp() throws Exception {
        int rc = Peers.run(tmp, 30, "echoscu", "-aet", "DCMTK", "-aec", SCP, "127.0.0.1",
                String.valueOf(acceptor.port()));
        assertThat(rc).isZero();
    }

    /**
     * storescu proposes what its options say, not the file's syntax; each file is sent with the option
     * that proposes its own syntax, to an SCP that prefers exactly those, so nothing is converted.
     */
    @Test
    void storescuToOurScpArrivesByteIdenticalInEveryTransferSyntax() throws Exception {
        Path in = tmp.resolve("received-as-is");
        List<String> preference = new ArrayList<>();
        preference.add(TestCorpus.JPEG_BASELINE.uid());
        preference.add(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
        preference.add(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid());
        preference.add(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        preference.add(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
        DicomServer server = new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(in), false, preference);
        Map<TransferSyntax, String> option = Map.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, "-xi",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "-R", TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, "-xb",
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, "-xd", TestCorpus.JPEG_BASELINE, "-xy");
        try (Acceptor asIs = new Acceptor(server, server, AssociationOptions.DEFAULT, 10)
                .start(InetAddress.getLoopbackAddress(), 0)) {
            for (Path f : TestCorpus.writeAll(tmp.resolve("corpus"), 128, 128)) {
                TransferSyntax ts = TestCorpus.transferSyntaxOf(f);
                try (Peers.Proc p = Peers.start(tmp, List.of("storescu", "-aet", "DCMTK", "-aec", SCP, option.get(ts),
                        "127.0.0.1", String.valueOf(asIs.port()), f.toString()))) {
                    assertThat(p.waitFor(60)).as(ts + ": " + p.output()).isZero();
                }
                Path got = in.resolve(StoreScu.inspect(f).sopInstanceUid() + ".dcm");
                assertThat(TestCorpus.transferSyntaxOf(got)).isEqualTo(ts);
                assertThat(TestCorpus.dataSetBytes(got)).as(ts.toString()).isEqualTo(TestCorpus.dataSetBytesAsSent(f));
                // The file we stored is one dcmtk reads.
                assertThat(Peers.run(tmp, 30, "dcmdump", "-q", got.toString())).as("dcmdump " + got).isZero();
            }
        }
    }

    @Test
    void storescuWithDefaultOptionsToOurDefaultScp() throws Exception {
        List<Path> files = new ArrayList<>();
        for (TransferSyntax ts : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
            files.add(TestCorpus.write(tmp.resolve("plain"), ts, 64, 64));
        }
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "DCMTK", "-aec", SCP, "127.0.0.1",
                String.valueOf(acceptor.port())));
        files.forEach(f -> cmd.add(f.toString()));
        try (Peers.Proc p = Peers.start(tmp, cmd)) {
            assertThat(p.waitFor(60)).as(p.output()).isZero();
        }
        for (Path f : files) {
            Path got = received.resolve(StoreScu.inspect(f).sopInstanceUid() + ".dcm");
            assertThat(Part10Reader.read(got).dataSet().contentEquals(Part10Reader.read(f).dataSet()))
                    .as("content of " + f).isTrue();
        }
    }

    @Test
    void storescuWithUnknownCallingAeIsRejectedAndTheServerGoesOn() throws Exception {
        Path f = TestCorpus.write(tmp.resolve("corpus"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 8, 8);
        try (Peers.Proc p = Peers.start(tmp, List.of("storescu", "-aet", "STRANGER", "-aec", SCP, "127.0.0.1",
                String.valueOf(acceptor.port()), f.toString()))) {
            assertThat(p.waitFor(30)).isNotZero();
            assertThat(p.output()).contains("Calling AE Title Not Recognized");
        }
        assertThat(Peers.run(tmp, 30, "echoscu", "-aet", "DCMTK", "-aec", SCP, "127.0.0.1",
                String.valueOf(acceptor.port()))).isZero();
    }

    @Test
    void findscuToOurFindScp() throws Exception {
        DicomServer server = new DicomServer(Map.of(SCP, Set.of()), null)
                .withFindHandler(new InMemoryFindHandler(rq -> List.of(AttributeMatcherTest.patient())));
        try (Acceptor qr = new Acceptor(server, server, AssociationOptions.DEFAULT, 10)
                .start(InetAddress.getLoopbackAddress(), 0)) {
            try (Peers.Proc p = Peers.start(tmp, List.of("findscu", "-S", "-aet", "DCMTK", "-aec", SCP,
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=Jans*", "-k", "StudyInstanceUID",
                    "-k", "StudyDate=20260301-20260331", "127.0.0.1", String.valueOf(qr.port())))) {
                assertThat(p.waitFor(30)).as(p.output()).isZero();
                assertThat(p.output()).contains("Find Response: 1 (Pending)").contains("1.2.3.4")
                        .contains("Jansen^Anna").doesNotContain("Find Response: 2");
            }
            try (Peers.Proc p = Peers.start(tmp, List.of("findscu", "-S", "-aet", "DCMTK", "-aec", SCP,
                    "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=Pietersen*", "127.0.0.1",
                    String.valueOf(qr.port())))) {
                assertThat(p.waitFor(30)).as(p.output()).isZero();
                assertThat(p.output()).doesNotContain("(Pending)");
            }
        }
    }

    @Test
    void ourScuToStorescpArrivesByteIdentical() throws Exception {
        int port = Peers.freePort();
        Path out = tmp.resolve("storescp");
        Files.createDirectories(out);
        List<Path> files = TestCorpus.writeAll(tmp.resolve("corpus"), 128, 128);
        try (Peers.Proc scp = Peers.start(tmp, List.of("storescp", "-aet", "DCMTK", "+xa", "+B", "-od", out.toString(),
                String.valueOf(port)))) {
            Peers.awaitListening(port, scp, 10_000);
            assertThat(Verification.echo(new Connector(AssociationOptions.DEFAULT), "ZB_SCU", "DCMTK", "127.0.0.1", port))
                    .isEqualTo(Status.SUCCESS);
            List<StoreScu.Outcome> outcomes = StoreScu.send(new Connector(AssociationOptions.DEFAULT), "ZB_SCU", "DCMTK",
                    "127.0.0.1", port, files, (o, done, total) -> { });
            assertThat(outcomes).allSatisfy(o -> assertThat(o.ok()).as(o + "\n" + scp.output()).isTrue());
        }
        for (Path f : files) {
            String iuid = StoreScu.inspect(f).sopInstanceUid();
            Path got;
            try (Stream<Path> s = Files.list(out)) {
                got = s.filter(p -> p.getFileName().toString().endsWith(iuid)).findFirst().orElseThrow(
                        () -> new AssertionError("storescp did not store " + iuid));
            }
            assertThat(TestCorpus.transferSyntaxOf(got)).isEqualTo(TestCorpus.transferSyntaxOf(f));
            assertThat(TestCorpus.dataSetBytes(got)).as(f.toString()).isEqualTo(TestCorpus.dataSetBytesAsSent(f));
        }
    }
}

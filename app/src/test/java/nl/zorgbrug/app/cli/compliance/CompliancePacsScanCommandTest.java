package nl.zorgbrug.app.cli.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.app.cli.compliance.ComplianceScanCommandTest.Run;
import nl.zorgbrug.compliance.ScanCorpus;
import nl.zorgbrug.compliance.VerdictCorpus;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.Peers;

/**
 * {@code zorgbrug compliance scan --pacs} against Orthanc as installed, which knows our AE title with host and port:
 * the C-MOVE path wired from the options (--retrieve-with, --move-port, --move-bind), and an AE title it does not
 * know stopping the command at once with what to register.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompliancePacsScanCommandTest {
    static OrthancPeer orthanc;
    static int movePort;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("cli-pacs-scan");
        movePort = Peers.freePort();
        orthanc = OrthancPeer.start(dir, Map.of("zb", new OrthancPeer.Modality("ZBCLI", movePort)),
                OrthancPeer.Access.AS_INSTALLED);
        for (DataSet ds : ScanCorpus.headers()) {
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            DataSet meta = FileMetaInformation.create(VerdictCorpus.CT, ds.getString(Tag.SOPInstanceUID), ts, "TEST");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Part10Writer.write(new DicomFile(null, meta, ds, ts, true), out);
            assertThat(orthanc.postBytes("/instances", out.toByteArray()).statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    private static String pacs() {
        return OrthancPeer.AET + "@127.0.0.1:" + orthanc.dicomPort();
    }

    @Test
    void scansAPacsWithCMove(@TempDir Path tmp) throws Exception {
        Run r = ComplianceScanCommandTest.run("compliance", "scan", "--pacs", pacs(), "--aet", "ZBCLI",
                "--retrieve-with", "MOVE", "--move-port", String.valueOf(movePort), "--move-bind", "127.0.0.1",
                "--rate", "0", "--local-issuer", VerdictCorpus.LOCAL_ISSUER, "--exempt-issuer",
                VerdictCorpus.TEMPORARY_ISSUER, "--journal", tmp.resolve("j").toString(),
                "--json", tmp.resolve("out.json").toString(), "--report", tmp.resolve("pacs.html").toString(),
                "--status-dir", tmp.resolve("status").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("needed one instance by C-MOVE to ZBCLI port " + movePort);
        assertThat(r.out()).contains("CORRECT: 4 of 14 studies that count (2 exempt)");
        assertThat(Files.readString(tmp.resolve("out.json"))).contains("\"byVerdict\"");
        assertThat(Files.readString(tmp.resolve("pacs.html"))).contains("Bron: PACS " + pacs())
                .contains("<td class=\"n below\">28,6%</td>");
    }

    @Test
    void anAeTitleThePacsDoesNotKnowStopsWithWhatToRegister(@TempDir Path tmp) throws Exception {
        Run r = ComplianceScanCommandTest.run("compliance", "scan", "--pacs", pacs(), "--aet", "ZBUNKNOWN",
                "--retrieve-with", "MOVE", "--move-port", String.valueOf(movePort), "--move-bind", "127.0.0.1",
                "--journal", tmp.resolve("j").toString(), "--status-dir", tmp.resolve("status").toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("register AE title ZBUNKNOWN").contains("--move-port");
        // The console shows the scan stopped, with the same advice.
        try (var statuses = java.nio.file.Files.list(tmp.resolve("status"))) {
            nl.zorgbrug.compliance.scan.ScanStatus s = nl.zorgbrug.compliance.scan.ScanStatus.read(
                    statuses.findFirst().orElseThrow());
            assertThat(s.state()).isEqualTo(nl.zorgbrug.compliance.scan.ScanStatus.State.FAILED);
            assertThat(s.message()).contains("register AE title ZBUNKNOWN");
        }
    }
}

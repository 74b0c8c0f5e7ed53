package nl.zorgbrug.app.cli.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.app.ZorgbrugCommand;
import nl.zorgbrug.compliance.ScanCorpus;
import nl.zorgbrug.compliance.VerdictCorpus;
import picocli.CommandLine;

/** {@code zorgbrug compliance scan} over the generated tree of every verdict: summary, CSV and JSON. */
class ComplianceScanCommandTest {

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

    @Test
    void scansATreeIntoSummaryCsvAndJson(@TempDir Path tmp) throws Exception {
        Path tree = tmp.resolve("tree");
        ScanCorpus.tree(tree);
        Path mpi = ScanCorpus.mpi(tmp.resolve("mpi.csv"));

        Run r = run("compliance", "scan", tree.toString(), "--mpi", mpi.toString(), "--local-issuer",
                VerdictCorpus.LOCAL_ISSUER, "--exempt-issuer", VerdictCorpus.TEMPORARY_ISSUER, "--csv",
                tmp.resolve("out.csv").toString(), "--json", tmp.resolve("out.json").toString(), "--report",
                tmp.resolve("out.html").toString(), "--status-dir", tmp.resolve("status").toString(), "--journal",
                tmp.resolve("scan.journal").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("CORRECT: 3 of 14 studies that count (2 exempt) = 21.4%")
                .contains("without a correct BSN: 11 studies; the export swap fixes 4 on the way out, 7 need a person")
                .contains("unreadable or not DICOM: 2 files");
        assertThat(r.err()).contains("25 of 25 files (100.0%)");
        // Nothing on the terminal names a patient.
        for (int p = 1; p <= 16; p++) {
            assertThat(r.out() + r.err()).doesNotContain(VerdictCorpus.bsn(p)).doesNotContain(VerdictCorpus.localId(p));
        }
        List<String> csv = Files.readAllLines(tmp.resolve("out.csv"));
        assertThat(csv).hasSize(12);
        assertThat(csv).anySatisfy(l -> assertThat(l).contains(VerdictCorpus.localId(10)).contains(VerdictCorpus.bsn(10))
                .contains("EXPORT_SWAP"));
        // The progress for the console: the scan's end, with every file done.
        try (var statuses = Files.list(tmp.resolve("status"))) {
            nl.zorgbrug.compliance.scan.ScanStatus status = nl.zorgbrug.compliance.scan.ScanStatus.read(
                    statuses.findFirst().orElseThrow());
            assertThat(status.state()).isEqualTo(nl.zorgbrug.compliance.scan.ScanStatus.State.DONE);
            assertThat(status.done()).isEqualTo(25);
            assertThat(status.unit()).isEqualTo("files");
        }
        // The printable page: the same figures, the charts per year and modality, no identifiers.
        String html = Files.readString(tmp.resolve("out.html"));
        assertThat(r.out()).contains("report: " + tmp.resolve("out.html"));
        assertThat(html).contains("<h2>Per jaar van de onderzoeksdatum</h2><div class=\"chart\"><svg")
                .contains("<h2>Per modaliteit</h2><div class=\"chart\"><svg").contains("stroke-dasharray")
                .contains("<td class=\"n below\">21,4%</td>").contains("Zonder correct BSN: 11 onderzoeken")
                .contains("Onleesbaar of geen DICOM: 2 bestanden");
        for (int p = 1; p <= 16; p++) {
            assertThat(html).doesNotContain(VerdictCorpus.bsn(p)).doesNotContain(VerdictCorpus.localId(p));
        }
        String json = Files.readString(tmp.resolve("out.json"));
        assertThat(json).contains("\"byVerdict\"").contains("\"NO_BSN\": {\n      \"objects\": 5,\n      \"studies\": 5,");
    }

    @Test
    void aPeriodLeavesOutTheStudiesOutsideIt(@TempDir Path tmp) throws Exception {
        Path tree = tmp.resolve("tree");
        ScanCorpus.tree(tree);

        Run r = run("compliance", "scan", tree.toString(), "--from", "2024-01-01", "--to", "20241231",
                "--exempt-issuer", VerdictCorpus.TEMPORARY_ISSUER, "--local-issuer", VerdictCorpus.LOCAL_ISSUER,
                "--journal", tmp.resolve("j").toString(), "--status-dir", tmp.resolve("status").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("CORRECT: 2 of 3 studies that count (2 exempt)")
                .contains("16 objects outside the period");
    }

    @Test
    void refusesAFolderAndAPacsAtOnceAndAnMpiWithoutIssuer(@TempDir Path tmp) {
        assertThat(run("compliance", "scan", tmp.toString(), "--pacs", "PACS@127.0.0.1:104").exit()).isEqualTo(2);
        Run r = run("compliance", "scan", tmp.toString(), "--mpi", "x.csv");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--mpi needs --local-issuer");
    }
}

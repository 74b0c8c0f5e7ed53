package nl.zorgbrug.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import nl.zorgbrug.app.ZorgbrugCommand;

/** The README's first command: {@code zorgbrug dicom example FILE} then {@code zorgbrug dicom dump FILE}. */
class DumpCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ZorgbrugCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void dumpsTheExampleLikeDcmdump(@TempDir Path tmp) {
        Path file = tmp.resolve("example.dcm");
        assertThat(run("dicom", "example", file.toString()).exit()).isZero();
        Run dump = run("dicom", "dump", file.toString());
        assertThat(dump.exit()).isZero();
        assertThat(dump.out())
                .contains("(0010,0010) PN [Müller^Zoë]  # 10, 1 PatientName")
                .contains("(0010,0021) LO [2.16.528.1.1007.99.1]");
    }

    /** Issue 15: the worked example in docs/bsn-in-dicom.md starts from exactly the object `dicom example` writes. */
    @Test
    void theExampleIsTheWorkedExampleOfTheDocs(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("example.dcm");
        run("dicom", "example", file.toString());
        String dump = run("dicom", "dump", file.toString()).out();
        String doc = Files.readString(Path.of("..", "docs", "bsn-in-dicom.md"));
        String before = doc.substring(doc.indexOf("**Before export**"), doc.indexOf("**After export**"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\([0-9A-F]{4},[0-9A-F]{4}\\) [A-Z]{2} \\[[^\\]]*\\])")
                .matcher(before);
        int lines = 0;
        while (m.find()) {
            assertThat(dump).as("the doc's line %s", m.group(1)).contains(m.group(1));
            lines++;
        }
        assertThat(lines).as("attributes in the doc's before-export block").isGreaterThanOrEqualTo(6);
    }

    @Test
    void jsonFollowsTheDicomJsonModel(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("example.dcm");
        run("dicom", "example", file.toString());
        Run dump = run("dicom", "dump", "--json", file.toString());
        JsonNode json = new ObjectMapper().readTree(dump.out());
        assertThat(json.at("/00100010/vr").asText()).isEqualTo("PN");
        assertThat(json.at("/00100010/Value/0/Alphabetic").asText()).isEqualTo("Müller^Zoë");
        assertThat(json.at("/00100020/Value/0").asText()).isEqualTo("L100");
        assertThat(json.at("/00280010/Value/0").asInt()).isEqualTo(16);
    }

    @Test
    void badFileGivesAOneLineReasonAndANonZeroExit(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("not-dicom.txt"), "hello ".repeat(40));
        Run dump = run("dicom", "dump", bad.toString());
        assertThat(dump.exit()).isEqualTo(1);
        assertThat(dump.err()).contains("not-dicom.txt").contains("not a PS3.10 DICOM file");
    }

    /** Issue 15: a file whose (0008,0005) term is unknown is dumped, with a note, not refused with a stack trace. */
    @Test
    void unknownCharacterSetTermIsDumpedWithANote(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("example.dcm");
        run("dicom", "example", file.toString());
        nl.zorgbrug.dicom.io.DicomFile df = nl.zorgbrug.dicom.io.Part10Reader.read(file);
        df.dataSet().setBytes(nl.zorgbrug.dicom.data.Tag.SpecificCharacterSet, nl.zorgbrug.dicom.data.VR.CS,
                "ISO_IR 999".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        df.dataSet().setBytes(nl.zorgbrug.dicom.data.Tag.PatientName, nl.zorgbrug.dicom.data.VR.PN,
                "Zo\u00EB^Bakker ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path mislabelled = tmp.resolve("mislabelled.dcm");
        nl.zorgbrug.dicom.io.Part10Writer.write(df, mislabelled);

        for (String[] args : new String[][] {{"dicom", "dump", mislabelled.toString()},
                {"dicom", "dump", "--json", mislabelled.toString()}}) {
            Run dump = run(args);
            assertThat(dump.exit()).isZero();
            assertThat(dump.err()).contains("ISO_IR 999").contains("(0008,0005)").doesNotContain("Exception");
            assertThat(dump.out()).contains("Zo\u00EB^Bakker");
        }
    }

    /**
     * Issue 15: Latin-1 bytes under a term that says UTF-8, and the term written with spaces ("ISO IR 192"), as
     * senders send them: dumped, never a stack trace.
     */
    @Test
    void mislabelledAndMisspelledCharacterSetsAreDumpedWithoutAStackTrace(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("example.dcm");
        run("dicom", "example", file.toString());
        for (String[] variant : new String[][] {{"ISO_IR 192", "latin1"}, {"ISO IR 192", "utf8"}}) {
            nl.zorgbrug.dicom.io.DicomFile df = nl.zorgbrug.dicom.io.Part10Reader.read(file);
            df.dataSet().setBytes(nl.zorgbrug.dicom.data.Tag.SpecificCharacterSet, nl.zorgbrug.dicom.data.VR.CS,
                    variant[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            df.dataSet().setBytes(nl.zorgbrug.dicom.data.Tag.PatientName, nl.zorgbrug.dicom.data.VR.PN,
                    "Zo\u00EB^Bakker ".getBytes(variant[1].equals("latin1") ? java.nio.charset.StandardCharsets.ISO_8859_1
                            : java.nio.charset.StandardCharsets.UTF_8));
            Path sent = tmp.resolve(variant[1] + ".dcm");
            nl.zorgbrug.dicom.io.Part10Writer.write(df, sent);

            for (String[] args : new String[][] {{"dicom", "dump", sent.toString()},
                    {"dicom", "dump", "--json", sent.toString()}}) {
                Run dump = run(args);
                assertThat(dump.exit()).as(String.join(" ", args)).isZero();
                assertThat(dump.err() + dump.out()).doesNotContain("Exception").doesNotContain("\tat ");
                assertThat(dump.out()).contains("Bakker");
            }
        }
        assertThat(run("dicom", "dump", tmp.resolve("utf8.dcm").toString()).out()).contains("Zo\u00EB^Bakker");
    }

    @Test
    void versionIsPrinted() {
        Run v = run("--version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("zorgbrug ");
    }
}

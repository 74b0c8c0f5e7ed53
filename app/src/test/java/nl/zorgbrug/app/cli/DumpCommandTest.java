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
                .contains("(0010,0010) PN [Ëlla^de Vries]  # 14, 1 PatientName")
                .contains("(0010,1002) SQ (Sequence with explicit length #=1)  # OtherPatientIDsSequence")
                .contains("    (0010,0021) LO [2.16.840.1.113883.2.4.6.3]");
    }

    @Test
    void jsonFollowsTheDicomJsonModel(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("example.dcm");
        run("dicom", "example", file.toString());
        Run dump = run("dicom", "dump", "--json", file.toString());
        JsonNode json = new ObjectMapper().readTree(dump.out());
        assertThat(json.at("/00100010/vr").asText()).isEqualTo("PN");
        assertThat(json.at("/00100010/Value/0/Alphabetic").asText()).isEqualTo("Ëlla^de Vries");
        assertThat(json.at("/00101002/Value/0/00100020/Value/0").asText()).isEqualTo("999911120");
        assertThat(json.at("/00280010/Value/0").asInt()).isEqualTo(16);
    }

    @Test
    void badFileGivesAOneLineReasonAndANonZeroExit(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("not-dicom.txt"), "hello ".repeat(40));
        Run dump = run("dicom", "dump", bad.toString());
        assertThat(dump.exit()).isEqualTo(1);
        assertThat(dump.err()).contains("not-dicom.txt").contains("not a PS3.10 DICOM file");
    }

    @Test
    void versionIsPrinted() {
        Run v = run("--version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("zorgbrug ");
    }
}

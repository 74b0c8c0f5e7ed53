package nl.zorgbrug.app.cli.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.ZorgbrugCommand;
import nl.zorgbrug.app.compliance.JdbcMeasurementStore;
import nl.zorgbrug.bsn.classify.Evidence;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.HeaderFacts;
import nl.zorgbrug.gateway.job.Direction;
import picocli.CommandLine;

/** {@code zorgbrug compliance report} over a node's database: the printable page with SVG charts, and the PDF. */
class ComplianceReportCommandTest {

    @Test
    void writesTheReportAsHtmlWithSvgChartsAndAsPdf(@TempDir Path data) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + data.resolve("db").resolve("zorgbrug")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        ds.setUser("sa");
        Flyway.configure().dataSource(ds).load().migrate();
        JdbcMeasurementStore store = new JdbcMeasurementStore(new JdbcTemplate(ds));
        HeaderFacts facts = new HeaderFacts("CT", LocalDate.of(2026, 11, 2),
                List.of(new Evidence("(0010,0020)", "*****1120", "valid")), false);
        Instant t = Instant.parse("2026-11-03T09:00:00Z");
        for (int i = 0; i < 10; i++) {
            store.received(Direction.IMPORT, "2.25." + i, "2.25." + i + ".1", "import", i < 5 ? "mmc" : "umcx", "AE",
                    i == 0 || i == 1 ? Verdict.NO_BSN : Verdict.CORRECT, t.plusSeconds(i * 86_400L), facts);
        }
        store.received(Direction.EXPORT, "2.25.99", "2.25.99.1", "export", null, "PACS", Verdict.CORRECT, t, facts);

        Path html = data.resolve("out").resolve("report.html");
        Run page = run("compliance", "report", "--from", "2026-11-01", "--to", "2026-11-30", "--out", html.toString(),
                "--data-dir", data.toString(), "--hospital", "Ziekenhuis Zorgbrug");
        assertThat(page.code).as(page.err).isZero();
        assertThat(page.out).contains("11 studies");
        String text = Files.readString(html);
        assertThat(text).contains("<svg").contains("BSN-meting Ziekenhuis Zorgbrug").contains("80,0%")
                .contains("mmc <span class=\"below\">onder 95%</span>").contains("2026-W45");

        Path pdf = data.resolve("report.pdf");
        Run report = run("compliance", "report", "--from", "2026-11-01", "--to", "2026-11-30", "--out", pdf.toString(),
                "--data-dir", data.toString(), "--hospital", "Ziekenhuis Zorgbrug");
        assertThat(report.code).as(report.err).isZero();
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String pdfText = new PDFTextStripper().getText(doc);
            assertThat(pdfText).contains("BSN-meting Ziekenhuis Zorgbrug").contains("80,0%").contains("onder 95%")
                    .contains("95%");
        }

        Run wrong = run("compliance", "report", "--from", "2026-11-30", "--to", "2026-11-01", "--out", pdf.toString(),
                "--data-dir", data.toString());
        assertThat(wrong.code).isEqualTo(2);
        assertThat(wrong.err).contains("a period runs from a day to the same or a later day");
    }

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ZorgbrugCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}

package nl.zorgbrug.app.cli.compliance;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;

import nl.zorgbrug.app.cli.NodeDatabase;
import nl.zorgbrug.app.compliance.JdbcMeasurementStore;
import nl.zorgbrug.compliance.measure.MeasuredObject;
import nl.zorgbrug.compliance.measure.Measurement;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.compliance.measure.StudyMark;
import nl.zorgbrug.compliance.report.MeasurementReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zorgbrug compliance report --from DATE --to DATE --out report.pdf}: the management report over the node's
 * job log (issue 18, docs/compliance.md): shares per direction, per week and over 12 months as SVG charts against
 * 95 %, per institution, verdict and exemption. {@code .html} writes the printable page, anything else a PDF
 * (openhtmltopdf). Read-only on the node's database (defaults as {@code audit verify}: ZORGBRUG_DB_URL, ...); on the
 * embedded H2 database stop the node or use a copy. Exit 0: written; 2: it could not be made.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the BSN compliance report over the node's job log as PDF (or .html).")
public final class ComplianceReportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    NodeDatabase database;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day (YYYY-MM-DD, Europe/Amsterdam).")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last day, included.")
    LocalDate to;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "report.pdf, or report.html for the page.")
    Path out;

    @Option(names = "--hospital", defaultValue = "Zorgbrug", paramLabel = "NAME", description = "Named in the title.")
    String hospital;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Period period;
        try {
            period = new Period(from, to);
        } catch (IllegalArgumentException e) {
            err.println("zorgbrug compliance report: " + e.getMessage());
            return 2;
        }
        try {
            JdbcMeasurementStore store = new JdbcMeasurementStore(new JdbcTemplate(database.dataSource()));
            Period year = Period.twelveMonthsTo(YearMonth.from(to));
            Measurement m = measure(store, period);
            Measurement trend = measure(store, year);
            String xhtml = MeasurementReport.xhtml(m, trend, period, hospital, Instant.now());
            Files.createDirectories(this.out.toAbsolutePath().getParent());
            if (this.out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".html")) {
                Files.writeString(this.out, xhtml, StandardCharsets.UTF_8);
            } else {
                try (OutputStream os = Files.newOutputStream(this.out)) {
                    PdfRendererBuilder pdf = new PdfRendererBuilder();
                    pdf.useFastMode();
                    pdf.useSVGDrawer(new BatikSVGDrawer());
                    pdf.withHtmlContent(xhtml, null);
                    pdf.toStream(os);
                    pdf.run();
                }
            }
            out.println("compliance report " + period.from() + " to " + period.to() + ": " + m.studies().size()
                    + " studies, written to " + this.out);
            return 0;
        } catch (Exception e) {
            err.println("zorgbrug compliance report: the report could not be made: " + e.getMessage()
                    + " (check --db-url/--data-dir; on the embedded database stop the node or use a copy)");
            return 2;
        }
    }

    private static Measurement measure(JdbcMeasurementStore store, Period p) {
        java.util.List<MeasuredObject> objects = store.objects(p.from().atStartOfDay(Period.ZONE).toInstant(),
                p.to().plusDays(1).atStartOfDay(Period.ZONE).toInstant());
        Set<String> studies = objects.stream().map(MeasuredObject::studyInstanceUid).collect(Collectors.toSet());
        java.util.List<StudyMark> marks = store.marks().stream().filter(k -> studies.contains(k.studyInstanceUid())).toList();
        return Measurement.of(objects, marks);
    }
}

package nl.zorgbrug.compliance.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.MeasuredObject;
import nl.zorgbrug.compliance.measure.Measurement;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.gateway.job.Direction;

class MeasurementReportTest {

    @Test
    void theReportIsWellFormedXhtmlWithTheChartsAsSvgAndTheFlaggedInstitution() throws Exception {
        Instant t = Instant.parse("2026-11-04T09:00:00Z");
        List<MeasuredObject> objects = List.of(
                new MeasuredObject(Direction.IMPORT, "1", "1.1", "import", "mmc", "AE", "CT", null, t, Verdict.CORRECT,
                        false, false, List.of()),
                new MeasuredObject(Direction.IMPORT, "2", "2.1", "import", "mmc", "AE", "CT", null, t, Verdict.NO_BSN,
                        false, false, List.of()),
                new MeasuredObject(Direction.EXPORT, "3", "3.1", "export", "umcx & co", "AE", "CT", null, t,
                        Verdict.CORRECT, false, false, List.of()));
        Measurement m = Measurement.of(objects, List.of());
        Period november = new Period(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));

        String xhtml = MeasurementReport.xhtml(m, m, november, "Ziekenhuis <Zorgbrug>", t);

        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setNamespaceAware(true);
        Document doc = xml.newDocumentBuilder().parse(new ByteArrayInputStream(xhtml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagNameNS("*", "svg").getLength()).isEqualTo(2);
        assertThat(xhtml).contains("Ziekenhuis &lt;Zorgbrug&gt;").contains("umcx &amp; co").contains("50,0%")
                .contains("mmc <span class=\"below\">onder 95%</span>").contains("100,0%")
                .contains("stroke-dasharray").contains("2026-W45").contains("2025-12").contains("2026-11");
    }

    @Test
    void aSeriesHasGapsWhereAPeriodHasNoStudies() {
        String svg = SvgChart.lines(List.of("a", "b", "c"), java.util.Map.of("x", java.util.Arrays.asList(50.0, null, 100.0)), 95);
        assertThat(svg).contains("<path d=\"M48.0,116.0 M672.0,28.0\"").contains(">95%</text>");
    }
}

package nl.zorgbrug.compliance.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.tally.ComplianceTally;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ObjectResult;
import nl.zorgbrug.compliance.tally.ScanSummary;

class ScanReportTest {

    /** 2023: CT correct, CT without BSN; 2024: MR correct (twice), MR exempt; unknown year: CR without issuer. */
    private static ScanSummary summary() {
        ComplianceTally t = new ComplianceTally();
        t.add(new ObjectResult.Classified("a", "1.1", Verdict.CORRECT, "CT", "20230101", "900000028", "x", Fix.NONE, ""));
        t.add(new ObjectResult.Classified("b", "1.2", Verdict.NO_BSN, "CT", "20230202", "P2", "2.16.1", Fix.PERSON, "NO_BSN"));
        t.add(new ObjectResult.Classified("c", "1.3", Verdict.CORRECT, "MR", "20240303", "900000041", "x", Fix.NONE, ""));
        t.add(new ObjectResult.Classified("d", "1.4", Verdict.CORRECT, "MR", "20240304", "900000053", "x", Fix.NONE, ""));
        t.add(new ObjectResult.Classified("e", "1.5", Verdict.EXEMPT_NEWBORN, "MR", "20240305", "P5", "2.16.1", Fix.NONE, ""));
        t.add(new ObjectResult.Classified("f", "1.6", Verdict.BSN_WITHOUT_ISSUER, "CR", "", "900000065", "", Fix.EXPORT_SWAP, ""));
        t.add(new ObjectResult.Unreadable("g.txt", "not DICOM"));
        return t.summary((pid, issuer) -> Optional.empty());
    }

    @Test
    void theReportHoldsTheFiguresAndTheChartsPerYearAndModalityAgainst95Percent() throws Exception {
        String xhtml = ScanReport.xhtml(summary(), "folder /archief & co", Instant.parse("2026-12-06T10:00:00Z"),
                ZoneId.of("Europe/Amsterdam"));

        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setNamespaceAware(true);
        Document doc = xml.newDocumentBuilder().parse(new ByteArrayInputStream(xhtml.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(2);
        assertThat(xhtml).contains("folder /archief &amp; co").contains("Gemaakt 6-12-2026 11:00")
                // Total: 6 studies, 3 correct, 1 exempt: 3 of 5 = 60 %, below the line.
                .contains("<td class=\"n\">6</td><td class=\"n\">6</td><td class=\"n\">3</td><td class=\"n\">1</td>"
                        + "<td class=\"n below\">60,0%</td>")
                // Per year: 2023 1 of 2, 2024 2 of 2 (one exempt), unknown 0 of 1; the same in the line chart.
                .contains("<td>2023</td><td class=\"n\">2</td><td class=\"n\">1</td><td class=\"n\">0</td>"
                        + "<td class=\"n below\">50,0%</td>")
                .contains("<td>2024</td><td class=\"n\">3</td><td class=\"n\">2</td><td class=\"n\">1</td>"
                        + "<td class=\"n\">100,0%</td>")
                .contains("<td>onbekend</td><td class=\"n\">1</td><td class=\"n\">0</td>")
                // Per modality, as bars with their share written on top.
                .contains(">CR</text>").contains(">CT</text>").contains(">MR</text>")
                .contains(">50%</text>").contains(">100%</text>").contains(">0%</text>")
                .contains("stroke-dasharray").contains(">95%</text>")
                .contains("<td>NO_BSN</td><td class=\"n\">1</td><td class=\"n\">1</td>")
                .contains("Zonder correct BSN: 2 onderzoeken")
                .contains("Onleesbaar of geen DICOM: 1 bestanden");
        // Counts only: no patient number reaches the printable page.
        assertThat(xhtml).doesNotContain("900000028").doesNotContain("P2");
    }

    @Test
    void aBarIsDrawnPerCategoryAndAGroupWithoutCountedStudiesHasNone() {
        String svg = SvgChart.bars(java.util.List.of("CT", "US"), java.util.Arrays.asList(80.0, null), 95);
        assertThat(svg).containsOnlyOnce("<rect x=").contains(">80%</text>").contains(">\u2014</text>");
    }
}

package nl.zorgbrug.compliance.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.Share;
import nl.zorgbrug.compliance.tally.Coverage;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ScanSummary;
import nl.zorgbrug.compliance.tally.StudyYear;

/**
 * The history scan's printable report ({@code compliance scan --report out.html}, issue 18): one XHTML page in Dutch
 * with the charts of the management report ({@link SvgChart}, the 95 % line dashed): the share correct per year of
 * study date (a line, "unknown" last) and per modality (bars), each with its table; the counts per verdict; how many
 * studies the export swap would fix and how many need a person; the unreadable files. Counts only: the studies
 * themselves, with identifiers, are in the CSV and JSON, which are patient data; this page is not.
 */
public final class ScanReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d-M-yyyy HH:mm");

    private ScanReport() {
    }

    public static String xhtml(ScanSummary s, String source, Instant made, ZoneId zone) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"nl\">")
                .append("<head><meta charset=\"UTF-8\"/><title>BSN-meting historie</title><style>")
                .append("@page { size: A4; margin: 15mm; } body { font-family: sans-serif; font-size: 10pt; color: #1d2a33; }")
                .append(" h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 14pt; } table { border-collapse: collapse; }")
                .append(" th, td { border-bottom: 1px solid #ddd; padding: 2pt 6pt; text-align: left; }")
                .append(" td.n { text-align: right; } .below { color: #b00020; font-weight: bold; }")
                .append(" .chart { page-break-inside: avoid; }</style></head><body>");
        b.append("<h1>BSN-meting historie</h1>");
        b.append("<p>Bron: ").append(esc(source)).append(". Gemaakt ").append(WHEN.format(made.atZone(zone)))
                .append(". Aandeel onderzoeken met het BSN op de plaats die de Nictiz-richtlijn \"BSN in DICOM\" vraagt,")
                .append(" van de onderzoeken die tellen: uitgezonderde onderzoeken (pasgeborene, uitzonderingsregel) tellen")
                .append(" apart en niet mee. Een onderzoek is correct als al zijn objecten correct zijn. De lijn ligt op ")
                .append(SvgChart.format(Share.TARGET)).append("%.</p>");

        Coverage o = s.overall();
        b.append("<h2>Totaal</h2><table><tr><th>Onderzoeken</th><th>Objecten</th><th>Correct</th><th>Uitgezonderd</th>")
                .append("<th>Aandeel correct</th></tr><tr>").append(num(o.studies())).append(num(s.objects()))
                .append(num(o.correct())).append(num(o.exempt())).append(shareCell(o)).append("</tr></table>");

        List<String> years = s.byYear().keySet().stream().map(ScanReport::label).toList();
        b.append("<h2>Per jaar van de onderzoeksdatum</h2><div class=\"chart\">")
                .append(SvgChart.lines(years, Map.of("aandeel correct", shares(s.byYear())), Share.TARGET))
                .append("</div>");
        coverageTable(b, "Jaar", s.byYear());

        List<String> modalities = s.byModality().keySet().stream().map(ScanReport::label).toList();
        b.append("<h2>Per modaliteit</h2><div class=\"chart\">")
                .append(SvgChart.bars(modalities, shares(s.byModality()), Share.TARGET)).append("</div>");
        coverageTable(b, "Modaliteit", s.byModality());

        b.append("<h2>Per oordeel</h2><table><tr><th>Oordeel</th><th>Objecten</th><th>Onderzoeken</th></tr>");
        for (Verdict v : Verdict.values()) {
            b.append("<tr><td>").append(v.name()).append(v.exempt() ? " (uitgezonderd)" : "").append("</td>")
                    .append(num(s.objectsByVerdict().get(v))).append(num(s.studiesByVerdict().get(v))).append("</tr>");
        }
        b.append("</table>");

        Map<Fix, Long> byFix = s.remediationByFix();
        b.append("<h2>Zonder correct BSN: ").append(s.remediation().size()).append(" onderzoeken</h2><table>")
                .append("<tr><td>De exportvervanging herstelt ze bij verzending</td>")
                .append(num(byFix.getOrDefault(Fix.EXPORT_SWAP, 0L))).append("</tr>")
                .append("<tr><td>Een persoon moet ze herstellen</td>").append(num(byFix.getOrDefault(Fix.PERSON, 0L)))
                .append("</tr><tr><td>Onbekend (geen MPI opgegeven)</td>")
                .append(num(byFix.getOrDefault(Fix.UNKNOWN_WITHOUT_MPI, 0L))).append("</tr></table>")
                .append("<p>De lijst per onderzoek staat in de CSV (--csv); die bevat patiëntgegevens.</p>");
        if (!s.unreadable().isEmpty()) {
            b.append("<p>Onleesbaar of geen DICOM: ").append(s.unreadable().size())
                    .append(" bestanden (paden en redenen in de JSON).</p>");
        }
        return b.append("</body></html>").toString();
    }

    private static List<Double> shares(Map<String, Coverage> groups) {
        return groups.values().stream().map(c -> Double.isNaN(c.correctShare()) ? null : c.correctShare()).toList();
    }

    private static void coverageTable(StringBuilder b, String what, Map<String, Coverage> groups) {
        b.append("<table><tr><th>").append(what).append("</th><th>Onderzoeken</th><th>Correct</th><th>Uitgezonderd</th>")
                .append("<th>Aandeel correct</th></tr>");
        groups.forEach((k, c) -> b.append("<tr><td>").append(esc(label(k))).append("</td>")
                .append(num(c.studies())).append(num(c.correct())).append(num(c.exempt())).append(shareCell(c))
                .append("</tr>"));
        b.append("</table>");
    }

    /** A group's name; the year or modality that was missing or unusable ("unknown" in the JSON) in Dutch. */
    private static String label(String group) {
        return group.equals(StudyYear.UNKNOWN) || group.equals(ScanSummary.UNKNOWN_MODALITY) ? "onbekend" : group;
    }

    private static String shareCell(Coverage c) {
        boolean below = c.counted() > 0 && c.correctShare() < Share.TARGET;
        String text = c.counted() == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", c.correctShare()).replace('.', ',');
        return "<td class=\"n" + (below ? " below" : "") + "\">" + text + "</td>";
    }

    private static String num(long n) {
        return "<td class=\"n\">" + n + "</td>";
    }

    private static String esc(String s) {
        return SvgChart.escape(s);
    }
}

package nl.zorgbrug.compliance.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.Exemption;
import nl.zorgbrug.compliance.measure.Measurement;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.compliance.measure.Share;
import nl.zorgbrug.gateway.job.Direction;

/**
 * The management report over the job log (issue 18): a printable XHTML page, Dutch, with the same charts as the
 * console as SVG (per ISO week in the period, and the last 12 months), the share per direction against 95 %, per
 * institution with those below the line marked, per verdict and per exemption. Well-formed XHTML, so an HTML-to-PDF
 * renderer takes it as it is. No patient identifier: only counts and institution keys.
 */
public final class MeasurementReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d-M-yyyy HH:mm");

    private MeasurementReport() {
    }

    /**
     * @param m    the measurement of the period
     * @param year the measurement of the twelve months up to the period's last month (the trend)
     */
    public static String xhtml(Measurement m, Measurement year, Period period, String hospital, Instant made) {
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"nl\">")
                .append("<head><meta charset=\"UTF-8\"/><title>BSN-meting ").append(esc(hospital)).append("</title><style>")
                .append("@page { size: A4; margin: 15mm; } body { font-family: sans-serif; font-size: 10pt; color: #1d2a33; }")
                .append(" h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 14pt; } table { border-collapse: collapse; }")
                .append(" th, td { border-bottom: 1px solid #ddd; padding: 2pt 6pt; text-align: left; }")
                .append(" td.n { text-align: right; } .below { color: #b00020; font-weight: bold; }")
                .append(" .chart { page-break-inside: avoid; }</style></head><body>");
        b.append("<h1>BSN-meting ").append(esc(hospital)).append("</h1>");
        b.append("<p>Periode ").append(period.from()).append(" t/m ").append(period.to())
                .append(" (Europe/Amsterdam). Gemaakt ").append(WHEN.format(made.atZone(Period.ZONE)))
                .append(". Aandeel onderzoeken met het BSN op de plaats die de Nictiz-richtlijn \"BSN in DICOM\" vraagt,")
                .append(" van de onderzoeken die tellen: uitgezonderde onderzoeken (pasgeborene, buitenlander, categorie-1")
                .append(" spoed, uitzonderingsregel, door een persoon uitgezonderd) tellen apart en niet mee. Een onderzoek")
                .append(" is correct als al zijn objecten correct zijn. De lijn ligt op ")
                .append(SvgChart.format(Share.TARGET)).append("%.</p>");

        b.append("<h2>Per richting</h2><table><tr><th>Richting</th><th>Aandeel correct</th><th>Onderzoeken</th>")
                .append("<th>Correct</th><th>Uitgezonderd</th></tr>");
        for (Map.Entry<Direction, Share> e : m.byDirection(period).entrySet()) {
            b.append("<tr><td>").append(direction(e.getKey())).append("</td>").append(shareCell(e.getValue()))
                    .append(num(e.getValue().studies())).append(num(e.getValue().correct())).append(num(e.getValue().exempt()))
                    .append("</tr>");
        }
        b.append("</table>");

        Map<String, List<Double>> weeks = new LinkedHashMap<>();
        List<String> weekLabels = new ArrayList<>();
        Map<String, List<Double>> months = new LinkedHashMap<>();
        List<String> monthLabels = new ArrayList<>();
        YearMonth last = YearMonth.from(period.to());
        for (Direction d : Direction.values()) {
            Map<String, Share> w = m.byWeek(d, period);
            weekLabels = new ArrayList<>(w.keySet());
            weeks.put(direction(d), w.values().stream().map(MeasurementReport::percent).toList());
            Map<YearMonth, Share> t = year.trend(d, last);
            monthLabels = t.keySet().stream().map(YearMonth::toString).toList();
            months.put(direction(d), t.values().stream().map(MeasurementReport::percent).toList());
        }
        b.append("<h2>Per week</h2><div class=\"chart\">").append(SvgChart.lines(weekLabels, weeks, Share.TARGET)).append("</div>");
        b.append("<h2>Laatste 12 maanden</h2><div class=\"chart\">").append(SvgChart.lines(monthLabels, months, Share.TARGET))
                .append("</div>");

        for (Direction d : Direction.values()) {
            b.append("<h2>Per instelling, ").append(direction(d)).append("</h2><table><tr><th>Instelling</th>")
                    .append("<th>Aandeel correct</th><th>Onderzoeken</th><th>Uitgezonderd</th></tr>");
            for (Map.Entry<String, Share> e : m.byInstitution(d, period).entrySet()) {
                b.append("<tr><td>").append(e.getKey().isEmpty() ? "(niet in het adresboek)" : esc(e.getKey()))
                        .append(e.getValue().belowTarget() ? " <span class=\"below\">onder 95%</span>" : "").append("</td>")
                        .append(shareCell(e.getValue())).append(num(e.getValue().studies())).append(num(e.getValue().exempt()))
                        .append("</tr>");
            }
            b.append("</table>");
            Measurement.Filter f = Measurement.Filter.of(d, period);
            b.append("<h2>Per oordeel, ").append(direction(d)).append("</h2><table><tr><th>Oordeel</th><th>Objecten</th>")
                    .append("<th>Onderzoeken</th></tr>");
            for (Map.Entry<Verdict, Measurement.VerdictCount> e : m.byVerdict(f).entrySet()) {
                b.append("<tr><td>").append(e.getKey()).append("</td>").append(num(e.getValue().objects()))
                        .append(num(e.getValue().studies())).append("</tr>");
            }
            b.append("</table><p>Uitgezonderd: ");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<Exemption, Long> e : m.byExemption(f).entrySet()) {
                parts.add(e.getKey().label(true) + " " + e.getValue());
            }
            b.append(esc(String.join("; ", parts))).append("</p>");
        }
        return b.append("</body></html>").toString();
    }

    static Double percent(Share s) {
        return Double.isNaN(s.percent()) ? null : s.percent();
    }

    private static String shareCell(Share s) {
        String text = s.counted() == 0 ? "—" : String.format(Locale.ROOT, "%.1f%%", s.percent()).replace('.', ',');
        return "<td class=\"n" + (s.belowTarget() ? " below" : "") + "\">" + text + "</td>";
    }

    private static String num(long n) {
        return "<td class=\"n\">" + n + "</td>";
    }

    private static String direction(Direction d) {
        return d == Direction.EXPORT ? "uitgaand" : "inkomend";
    }

    private static String esc(String s) {
        return SvgChart.escape(s);
    }
}

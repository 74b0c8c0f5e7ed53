package nl.zorgbrug.compliance.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.tally.Coverage;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ObjectResult;
import nl.zorgbrug.compliance.tally.RemediationEntry;
import nl.zorgbrug.compliance.tally.ScanSummary;

/**
 * A scan's summary as the files people take away (issue 18, "Result"): the remediation list as CSV, one study per
 * row, for a PACS administrator's spreadsheet; and everything as JSON: {@code byVerdict} (objects and studies per
 * verdict), {@code byYear}, {@code byModality}, the remediation list and the unreadable files. The BSN the MPI knows
 * is written whole here, as the administrator needs it to correct the PACS: these files are patient data and must
 * be kept as such; only logs and the terminal show it masked.
 */
public final class ScanReports {
    /** The CSV's columns, in order. */
    public static final List<String> CSV_COLUMNS = List.of("study_instance_uid", "study_date", "year", "modalities",
            "objects", "verdict", "patient_id", "issuer_of_patient_id", "mpi_bsn", "fix", "fix_reason");

    private ScanReports() {
    }

    public static String csv(ScanSummary summary) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (RemediationEntry r : summary.remediation()) {
            List<String> cells = List.of(r.studyUid(), r.studyDate(), r.year(), String.join(" ", r.modalities()),
                    Long.toString(r.objects()), r.verdict().name(), r.patientId(), r.issuer(), r.mpiBsn(), r.fix().name(),
                    r.fixReason());
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(cell(cells.get(i)));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    /** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs a cell as a formula. */
    static String cell(String s) {
        String v = s == null ? "" : s;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** {@code source} names what was scanned (a folder, a DICOMDIR, a PACS). */
    public static String json(ScanSummary summary, String source) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", source);
        root.put("objects", summary.objects());
        root.put("studies", summary.studies());
        root.put("unreadableFiles", summary.unreadable().size());
        root.put("overall", coverage(summary.overall()));
        Map<String, Object> byVerdict = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("objects", summary.objectsByVerdict().get(v));
            m.put("studies", summary.studiesByVerdict().get(v));
            m.put("exempt", v.exempt());
            byVerdict.put(v.name(), m);
        }
        root.put("byVerdict", byVerdict);
        root.put("byYear", coverages(summary.byYear()));
        root.put("byModality", coverages(summary.byModality()));
        Map<String, Object> byFix = new LinkedHashMap<>();
        for (Fix f : Fix.values()) {
            if (f != Fix.NONE) {
                byFix.put(f.name(), summary.remediationByFix().getOrDefault(f, 0L));
            }
        }
        root.put("remediationByFix", byFix);
        List<Object> remediation = new ArrayList<>();
        for (RemediationEntry r : summary.remediation()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("studyInstanceUid", r.studyUid());
            m.put("studyDate", r.studyDate());
            m.put("year", r.year());
            m.put("modalities", r.modalities());
            m.put("objects", r.objects());
            m.put("verdict", r.verdict().name());
            m.put("patientId", r.patientId());
            m.put("issuerOfPatientId", r.issuer());
            m.put("mpiBsn", r.mpiBsn().isEmpty() ? null : r.mpiBsn());
            m.put("fix", r.fix().name());
            m.put("fixReason", r.fixReason());
            remediation.add(m);
        }
        root.put("remediation", remediation);
        List<Object> unreadable = new ArrayList<>();
        for (ObjectResult.Unreadable u : summary.unreadable()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", u.source());
            m.put("reason", u.reason());
            unreadable.add(m);
        }
        root.put("unreadable", unreadable);
        return JsonText.write(root);
    }

    private static Map<String, Object> coverages(Map<String, Coverage> groups) {
        Map<String, Object> out = new LinkedHashMap<>();
        groups.forEach((k, c) -> out.put(k, coverage(c)));
        return out;
    }

    private static Map<String, Object> coverage(Coverage c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("studies", c.studies());
        m.put("correct", c.correct());
        m.put("exempt", c.exempt());
        m.put("correctShare", c.correctShare());
        return m;
    }

    /** The terminal's summary: counts and shares, no identifiers. */
    public static String text(ScanSummary summary) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-40s %10s %10s%n", "verdict", "objects", "studies"));
        for (Verdict v : Verdict.values()) {
            sb.append(String.format(Locale.ROOT, "%-40s %10d %10d%n", v.name() + (v.exempt() ? " (exempt)" : ""),
                    summary.objectsByVerdict().get(v), summary.studiesByVerdict().get(v)));
        }
        sb.append(String.format(Locale.ROOT, "%-40s %10d %10d%n", "total", summary.objects(), summary.studies()));
        Coverage o = summary.overall();
        sb.append(String.format(Locale.ROOT, "CORRECT: %d of %d studies that count (%d exempt) = %s%n", o.correct(),
                o.counted(), o.exempt(), share(o)));
        sb.append("per year of study date:");
        summary.byYear().forEach((y, c) -> sb.append(' ').append(y).append(' ').append(share(c)).append(" of ")
                .append(c.counted()).append(';'));
        sb.append(System.lineSeparator()).append("per modality:");
        summary.byModality().forEach((m, c) -> sb.append(' ').append(m).append(' ').append(share(c)).append(" of ")
                .append(c.counted()).append(';'));
        sb.append(System.lineSeparator());
        Map<Fix, Long> byFix = summary.remediationByFix();
        sb.append(String.format(Locale.ROOT, "without a correct BSN: %d studies; the export swap fixes %d on the way out,"
                        + " %d need a person, %d unknown (no MPI given)%n", summary.remediation().size(),
                byFix.getOrDefault(Fix.EXPORT_SWAP, 0L), byFix.getOrDefault(Fix.PERSON, 0L),
                byFix.getOrDefault(Fix.UNKNOWN_WITHOUT_MPI, 0L)));
        if (!summary.unreadable().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "unreadable or not DICOM: %d files (paths and reasons in the JSON)%n",
                    summary.unreadable().size()));
        }
        return sb.toString();
    }

    private static String share(Coverage c) {
        return Double.isNaN(c.correctShare()) ? "-" : String.format(Locale.ROOT, "%.1f%%", c.correctShare());
    }
}

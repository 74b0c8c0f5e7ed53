package nl.zorgbrug.compliance.feedback;

import java.util.Locale;

import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.compliance.measure.Share;

/**
 * A digest as a Dutch e-mail: subject and plain-text body. The text names no patient (no Patient ID, BSN or name:
 * identifiers only masked, as the classifier's evidence has them), but it does name the studies that were wrong, by
 * Study Instance UID, study date and modality, which lead to the patients in the sender's PACS: so sending one, or
 * showing one again, is recorded naming the patients of those studies (issue 17; app: ComplianceDigests).
 */
public final class DigestText {
    /** How {@link #body} names a study, read back by {@link #studies}. */
    private static final String STUDY = "Study Instance UID ";
    private static final java.util.regex.Pattern STUDY_LINE = java.util.regex.Pattern.compile(
            "^   " + STUDY + "([0-9.]+)$", java.util.regex.Pattern.MULTILINE);

    private DigestText() {
    }

    /**
     * The Study Instance UIDs a digest's text names, in its order, as {@link #body} writes them: who a kept digest is
     * about when it is shown again.
     */
    public static java.util.List<String> studies(String body) {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = STUDY_LINE.matcher(body == null ? "" : body.replace("\r\n", "\n"));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    public static String subject(Digest d, String hospital) {
        return "BSN in DICOM: terugkoppeling van " + hospital + " over " + period(d.period()) + " (" + d.institutionName() + ")";
    }

    public static String body(Digest d, String hospital) {
        StringBuilder b = new StringBuilder();
        b.append("Beste beheerder van ").append(d.institutionName()).append(",\n\n");
        b.append(hospital).append(" meet hoeveel ontvangen onderzoeken het BSN op de plaats hebben die de Nictiz-richtlijn")
                .append(" \"BSN in DICOM\" voorschrijft. Vanaf 95% kunnen wij beelden automatisch importeren.\n\n");
        Share s = d.share();
        b.append("Over ").append(period(d.period())).append(" ontvingen wij ").append(s.studies())
                .append(" onderzoeken van u; ").append(s.exempt()).append(" terecht zonder BSN (uitgezonderd); van de ")
                .append(s.counted()).append(" die tellen waren er ").append(s.correct()).append(" correct (")
                .append(Double.isNaN(s.percent()) ? "-" : String.format(Locale.ROOT, "%.1f", s.percent()).replace('.', ','))
                .append("%).\n\n");
        b.append(d.lines().size() == 1 ? "Dit onderzoek had" : "Deze " + d.lines().size() + " onderzoeken hadden")
                .append(" het BSN niet op de juiste plaats (identificaties gemaskeerd):\n\n");
        int n = 1;
        for (Digest.Line l : d.lines()) {
            b.append(n++).append(". onderzoeksdatum ").append(l.studyDate()).append(", modaliteit ").append(l.modalities())
                    .append(", ontvangen ").append(l.receivedLocal()).append("\n   " + STUDY)
                    .append(l.studyInstanceUid()).append("\n   Wat er mis was: ").append(l.wrong()).append('\n');
            for (String e : l.evidence()) {
                b.append("   - ").append(e).append('\n');
            }
            b.append('\n');
        }
        b.append(Guideline.asks()).append("\n\n");
        b.append("Met vriendelijke groet,\n").append(hospital).append(" (Zorgbrug, automatisch bericht)\n");
        return b.toString();
    }

    /** "week 2026-W49 (30-11-2026 t/m 6-12-2026)" for an ISO week, else the two days. */
    static String period(Period p) {
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("d-M-yyyy");
        String days = day.format(p.from()) + " t/m " + day.format(p.to());
        boolean week = p.from().getDayOfWeek() == java.time.DayOfWeek.MONDAY && p.to().equals(p.from().plusDays(6));
        return week ? "week " + Period.isoWeek(p.from()) + " (" + days + ")" : days;
    }
}

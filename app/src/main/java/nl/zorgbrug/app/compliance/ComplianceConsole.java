package nl.zorgbrug.app.compliance;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.Exemption;
import nl.zorgbrug.compliance.measure.MeasuredStudy;
import nl.zorgbrug.compliance.measure.Measurement;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.compliance.measure.Share;
import nl.zorgbrug.gateway.job.Direction;

/**
 * The compliance pages of the console (issue 18), Dutch and English: the overview with the shares against the 95 %
 * line, per week and over 12 months (charts drawn by ECharts from /webjars, their data in a data attribute: no inline
 * script), per institution and per verdict; the studies behind a number and a study's evidence; the sample; the
 * digests with their delivery result.
 */
@Controller
public class ComplianceConsole {
    private static final int DEFAULT_DAYS = 28;
    private final ComplianceMeasurements measurements;
    private final ComplianceDigests digests;
    private final ObjectMapper json = new ObjectMapper();
    private final java.nio.file.Path scanStatusDir;
    private final java.time.Clock clock;

    public ComplianceConsole(ComplianceMeasurements measurements, ComplianceDigests digests,
                             nl.zorgbrug.app.node.NodeProperties node, java.time.Clock clock) {
        this.measurements = measurements;
        this.digests = digests;
        this.scanStatusDir = node.dataDir().resolve("compliance").resolve("scans");
        this.clock = clock;
    }

    private Period period(LocalDate from, LocalDate to) {
        LocalDate end = to == null ? measurements.today() : to;
        return new Period(from == null ? end.minusDays(DEFAULT_DAYS - 1L) : from, end);
    }

    @nl.zorgbrug.app.access.NotPatientData("shares and counts per direction, institution and period; no patient is named")
    @GetMapping("/compliance")
    public String overview(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                           Model model) throws JsonProcessingException {
        Period period = period(from, to);
        Measurement m = measurements.measure(period);
        YearMonth last = YearMonth.from(period.to());
        Measurement year = measurements.measure(Period.twelveMonthsTo(last));
        model.addAttribute("period", period);
        model.addAttribute("target", Share.TARGET);
        Map<Direction, Share> shares = m.byDirection(period);
        model.addAttribute("shares", shares);
        Map<Direction, Map<String, Share>> institutions = new LinkedHashMap<>();
        Map<Direction, Map<Verdict, Measurement.VerdictCount>> verdicts = new LinkedHashMap<>();
        Map<Direction, Map<Exemption, Long>> exemptions = new LinkedHashMap<>();
        Map<String, Object> weeks = new LinkedHashMap<>();
        Map<String, Object> trend = new LinkedHashMap<>();
        for (Direction d : Direction.values()) {
            institutions.put(d, m.byInstitution(d, period));
            verdicts.put(d, m.byVerdict(Measurement.Filter.of(d, period)));
            exemptions.put(d, m.byExemption(Measurement.Filter.of(d, period)));
            Map<String, Share> w = m.byWeek(d, period);
            weeks.put("labels", new ArrayList<>(w.keySet()));
            weeks.put(d.name(), w.values().stream().map(ComplianceConsole::percent).toList());
            Map<YearMonth, Share> t = year.trend(d, last);
            trend.put("labels", t.keySet().stream().map(YearMonth::toString).toList());
            trend.put(d.name(), t.values().stream().map(ComplianceConsole::percent).toList());
        }
        weeks.put("target", Share.TARGET);
        trend.put("target", Share.TARGET);
        model.addAttribute("institutions", institutions);
        model.addAttribute("verdicts", verdicts);
        model.addAttribute("exemptions", exemptions);
        model.addAttribute("weeksJson", json.writeValueAsString(weeks));
        model.addAttribute("trendJson", json.writeValueAsString(trend));
        return "compliance";
    }

    static Double percent(Share s) {
        return Double.isNaN(s.percent()) ? null : Math.round(s.percent() * 10) / 10.0;
    }

    /** The studies behind a number; the event names their patients (issue 17). */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUERY, listsPatients = true)
    @GetMapping("/compliance/studies")
    public String studies(@RequestParam(required = false) Direction direction,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                          @RequestParam(required = false) String institution, @RequestParam(required = false) Verdict verdict,
                          @RequestParam(required = false) Exemption exemption, @RequestParam(required = false) String week,
                          Model model) {
        Period period = period(from, to);
        List<MeasuredStudy> studies = measurements.shown(measurements.measure(period)
                .studies(new Measurement.Filter(direction, period, institution, verdict, exemption, week)));
        model.addAttribute("period", period);
        model.addAttribute("studies", studies);
        model.addAttribute("direction", direction);
        model.addAttribute("institution", institution);
        model.addAttribute("verdict", verdict);
        model.addAttribute("exemption", exemption);
        return "compliance-studies";
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, subject = nl.zorgbrug.app.access.PatientData.Subject.STUDY, listsPatients = true)
    @GetMapping("/compliance/studies/{study}")
    public String study(@PathVariable("study") String uid, Model model) {
        model.addAttribute("uid", uid);
        model.addAttribute("studies", measurements.shown(measurements.study(uid).studies()));
        return "compliance-study";
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUERY, listsPatients = true)
    @GetMapping("/compliance/sample")
    public String sample(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                         @RequestParam(required = false) Direction direction,
                         @RequestParam(defaultValue = "25") int n, @RequestParam(required = false) Long seed, Model model) {
        Period period = period(from, to);
        model.addAttribute("period", period);
        model.addAttribute("n", n);
        model.addAttribute("seed", seed);
        model.addAttribute("direction", direction);
        model.addAttribute("studies", seed == null ? List.of() : measurements.shown(
                measurements.measure(period).sample(Measurement.Filter.of(direction, period), Math.max(0, n), seed)));
        return "compliance-sample";
    }

    /**
     * The history scans run from the command line on this machine, with their live progress: each writes its status
     * into {@code <data-dir>/compliance/scans} once a second ({@code ScanStatus}); the page asks again every 2 s.
     */
    @nl.zorgbrug.app.access.NotPatientData("the history scans' progress: a folder or PACS address and counts, no patient")
    @GetMapping("/compliance/scans")
    public String scans(Model model) {
        model.addAttribute("scans", nl.zorgbrug.compliance.scan.ScanStatus.readAll(scanStatusDir));
        model.addAttribute("now", clock.instant());
        model.addAttribute("statusDir", scanStatusDir.toAbsolutePath().toString());
        return "compliance-scans";
    }

    @nl.zorgbrug.app.access.PatientData(nl.zorgbrug.audit.event.EventType.VIEW)
    @GetMapping("/compliance/digests")
    public String digests(Model model) {
        model.addAttribute("digests", digests.list(null));
        return "compliance-digests";
    }
}

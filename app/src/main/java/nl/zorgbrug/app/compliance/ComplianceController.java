package nl.zorgbrug.app.compliance;

import java.security.Principal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.bsn.classify.Evidence;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.Exemption;
import nl.zorgbrug.compliance.measure.MeasuredObject;
import nl.zorgbrug.compliance.measure.MeasuredStudy;
import nl.zorgbrug.compliance.measure.Measurement;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.compliance.measure.Share;
import nl.zorgbrug.gateway.job.Direction;

/**
 * The measurement over the job log as JSON (issue 18; described in /openapi/compliance.yaml). Periods are days in
 * Europe/Amsterdam, both ends included; without {@code from}/{@code to} the last 28 days. Every number can be followed
 * to the studies behind it ({@code /studies} with the same filter) and a study to its objects' evidence. No list
 * holds a BSN: the evidence shows identifiers masked, as the classifier writes them.
 */
@RestController
@RequestMapping("/api/compliance")
public class ComplianceController {
    private static final int DEFAULT_DAYS = 28;
    private final ComplianceMeasurements measurements;
    private final ComplianceDigests digests;
    private final nl.zorgbrug.app.audit.AuditConfiguration.AuditActors actors;

    public ComplianceController(ComplianceMeasurements measurements, ComplianceDigests digests,
                                nl.zorgbrug.app.audit.AuditConfiguration.AuditActors actors) {
        this.measurements = measurements;
        this.digests = digests;
        this.actors = actors;
    }

    /**
     * Makes and delivers the sender digests of a period not delivered before (default: the last complete week or
     * month); returns those made now, each with its delivery result. Each digest's sending is recorded by
     * {@link ComplianceDigests} with the person, naming its studies' patients; the request itself by the interceptor.
     */
    @nl.zorgbrug.app.access.PatientData(nl.zorgbrug.audit.event.EventType.EXPORT_REPORT)
    @PostMapping("/digests")
    public List<Map<String, Object>> makeDigests(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                                 org.springframework.security.core.Authentication who) {
        Period period = from == null && to == null ? digests.lastComplete() : period(from, to);
        return digests.make(period, actors.of(who)).stream().map(k -> digest(k, false)).toList();
    }

    /** Every digest kept, newest first, with its delivery result (without the text). */
    @nl.zorgbrug.app.access.PatientData(nl.zorgbrug.audit.event.EventType.VIEW)
    @GetMapping("/digests")
    public List<Map<String, Object>> digests(@RequestParam(required = false) String institution) {
        return digests.list(institution).stream().map(k -> digest(k, false)).toList();
    }

    /** One digest with its text, which names studies: a view of their patients (issue 17). */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, listsPatients = true)
    @GetMapping("/digests/{id}")
    public Map<String, Object> digest(@PathVariable long id) {
        return digest(digests.shown(digests.find(id).orElseThrow(() -> new IllegalArgumentException("no digest " + id
                + "; GET /api/compliance/digests lists them"))), true);
    }

    private static Map<String, Object> digest(JdbcDigestStore.Kept k, boolean withText) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("institution", k.institution());
        m.put("from", k.from());
        m.put("to", k.to());
        m.put("madeAt", k.madeAt());
        m.put("recipient", k.recipient());
        m.put("studies", k.studies());
        m.put("delivery", k.delivery());
        m.put("deliveryDetail", k.detail());
        m.put("subject", k.subject());
        if (withText) {
            m.put("body", k.body());
        }
        return m;
    }

    /** Per direction: the share, per ISO week, the 12-month trend, per verdict, per exemption, institutions below 95 %. */
    @nl.zorgbrug.app.access.NotPatientData("shares and counts per direction and period; no patient is named")
    @GetMapping("/overview")
    public Map<String, Object> overview(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Period period = period(from, to);
        Measurement m = measurements.measure(period);
        YearMonth last = YearMonth.from(period.to());
        Measurement year = measurements.measure(Period.twelveMonthsTo(last));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", period.from());
        body.put("to", period.to());
        body.put("target", Share.TARGET);
        Map<String, Object> directions = new LinkedHashMap<>();
        for (Direction d : Direction.values()) {
            Measurement.Filter f = Measurement.Filter.of(d, period);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("share", share(m.share(f)));
            List<Map<String, Object>> weeks = new ArrayList<>();
            m.byWeek(d, period).forEach((w, s) -> weeks.add(keyed("week", w, s)));
            one.put("byWeek", weeks);
            List<Map<String, Object>> months = new ArrayList<>();
            year.trend(d, last).forEach((ym, s) -> months.add(keyed("month", ym.toString(), s)));
            one.put("trend", months);
            Map<String, Object> verdicts = new LinkedHashMap<>();
            m.byVerdict(f).forEach((v, c) -> verdicts.put(v.name(), Map.of("objects", c.objects(), "studies", c.studies())));
            one.put("byVerdict", verdicts);
            Map<String, Object> exemptions = new LinkedHashMap<>();
            m.byExemption(f).forEach((e, n) -> exemptions.put(e.name(), n));
            one.put("byExemption", exemptions);
            one.put("belowTarget", m.belowTarget(d, period));
            directions.put(d.name(), one);
        }
        body.put("directions", directions);
        return body;
    }

    /** Per institution (the address book's key; "" where unknown), flagged below 95 %. */
    @nl.zorgbrug.app.access.NotPatientData("shares per institution; no patient is named")
    @GetMapping("/institutions")
    public List<Map<String, Object>> institutions(@RequestParam Direction direction,
                                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Period period = period(from, to);
        List<Map<String, Object>> list = new ArrayList<>();
        measurements.measure(period).byInstitution(direction, period).forEach((k, s) -> list.add(keyed("institution", k, s)));
        return list;
    }

    /** The studies behind a number. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUERY, listsPatients = true)
    @GetMapping("/studies")
    public List<Map<String, Object>> studies(@RequestParam(required = false) Direction direction,
                                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                             @RequestParam(required = false) String institution,
                                             @RequestParam(required = false) Verdict verdict,
                                             @RequestParam(required = false) Exemption exemption,
                                             @RequestParam(required = false) String week) {
        Period period = period(from, to);
        Measurement.Filter f = new Measurement.Filter(direction, period, institution, verdict, exemption, week);
        return measurements.shown(measurements.measure(period).studies(f)).stream().map(s -> study(s, false)).toList();
    }

    /** One study, both directions, with each object's evidence (which tags held what, identifiers masked). */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, subject = nl.zorgbrug.app.access.PatientData.Subject.STUDY, listsPatients = true)
    @GetMapping("/studies/{study}")
    public List<Map<String, Object>> study(@PathVariable("study") String studyInstanceUid) {
        List<MeasuredStudy> found = measurements.shown(measurements.study(studyInstanceUid).studies());
        if (found.isEmpty()) {
            throw new IllegalArgumentException("the measurement has no study " + studyInstanceUid
                    + "; it counts what the node received or sent since it was installed");
        }
        return found.stream().map(s -> study(s, true)).toList();
    }

    /** A reproducible sample ("steekproef") of n studies of the period: the same seed draws the same studies. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUERY, listsPatients = true)
    @GetMapping("/sample")
    public Map<String, Object> sample(@RequestParam(required = false) Direction direction,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                      @RequestParam(defaultValue = "25") int n, @RequestParam long seed) {
        Period period = period(from, to);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", period.from());
        body.put("to", period.to());
        body.put("seed", seed);
        body.put("n", n);
        body.put("studies", measurements.shown(measurements.measure(period).sample(Measurement.Filter.of(direction,
                period), n, seed)).stream().map(s -> study(s, false)).toList());
        return body;
    }

    /** A person exempts one study, with a reason (audited); body {"reason": "..."}. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.JOB_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.STUDY)
    @PostMapping("/studies/{study}/exemption")
    public ResponseEntity<Void> exempt(@PathVariable("study") String studyInstanceUid, @RequestBody Map<String, String> body,
                                       Principal user) {
        measurements.exempt(studyInstanceUid, body.get("reason"), user.getName());
        return ResponseEntity.noContent().build();
    }

    /** A person marks a job's study as a category-1 emergency, with a reason (audited); body {"reason": "..."}. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.JOB_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.JOB)
    @PostMapping("/jobs/{id}/emergency")
    public ResponseEntity<Void> emergency(@PathVariable("id") long jobId, @RequestBody Map<String, String> body, Principal user) {
        measurements.emergency(jobId, body.get("reason"), user.getName());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        HttpStatus status = e.getMessage() != null && ((e.getMessage().startsWith("no job") || e.getMessage().startsWith("no digest"))
                || e.getMessage().startsWith("the measurement has no study")) ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> notValid(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", "'" + e.getValue()
                + "' is not a valid " + e.getName()));
    }

    private Period period(LocalDate from, LocalDate to) {
        LocalDate end = to == null ? measurements.today() : to;
        return new Period(from == null ? end.minusDays(DEFAULT_DAYS - 1L) : from, end);
    }

    static Map<String, Object> share(Share s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("studies", s.studies());
        m.put("correct", s.correct());
        m.put("exempt", s.exempt());
        m.put("counted", s.counted());
        m.put("percent", Double.isNaN(s.percent()) ? null : Math.round(s.percent() * 10) / 10.0);
        m.put("belowTarget", s.belowTarget());
        return m;
    }

    private static Map<String, Object> keyed(String name, String key, Share s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, key);
        m.putAll(share(s));
        return m;
    }

    static Map<String, Object> study(MeasuredStudy s, boolean withEvidence) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("studyInstanceUid", s.studyInstanceUid());
        m.put("direction", s.direction());
        m.put("institution", s.institution());
        m.put("route", s.route());
        m.put("modalities", s.modalities());
        m.put("studyDate", s.studyDate());
        m.put("receivedAt", s.receivedAt());
        m.put("objects", s.objects().size());
        m.put("verdict", s.verdict());
        m.put("exemption", s.exemption());
        m.put("exemptReason", s.exemptReason());
        if (withEvidence) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (MeasuredObject o : s.objects()) {
                Map<String, Object> om = new LinkedHashMap<>();
                om.put("sopInstanceUid", o.sopInstanceUid());
                om.put("verdict", o.verdict());
                om.put("modality", o.modality());
                om.put("receivedAt", o.receivedAt());
                om.put("urgent", o.urgent());
                om.put("foreigner", o.foreigner());
                List<Map<String, String>> ev = new ArrayList<>();
                for (Evidence e : o.evidence()) {
                    Map<String, String> em = new LinkedHashMap<>();
                    em.put("tag", e.tag());
                    em.put("value", e.value());
                    em.put("note", e.note());
                    ev.add(em);
                }
                om.put("evidence", ev);
                objects.add(om);
            }
            m.put("objectEvidence", objects);
        }
        return m;
    }
}

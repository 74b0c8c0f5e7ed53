package nl.zorgbrug.app.console;

import java.security.Principal;
import java.time.Clock;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.zorgbrug.gateway.job.Channel;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.IllegalJobTransitionException;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobQueries;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.manifest.ManifestRepository;

/** The web console's job manager: list with filters (auto-refreshed by htmx), detail, actions. */
@Controller
public class ConsoleController {
    private final JobRepository jobs;
    private final JobQueries queries;
    private final JobManager manager;
    private final Clock clock;
    private final nl.zorgbrug.gateway.send.StudySender sender;
    private final java.util.List<nl.zorgbrug.gateway.route.Route> routes;
    private final ManifestRepository manifests;
    private final nl.zorgbrug.gateway.job.PatientTrace trace;
    private final ConsoleTime time;

    public ConsoleController(JobRepository jobs, JobQueries queries, JobManager manager, Clock clock,
                             nl.zorgbrug.gateway.send.StudySender sender, java.util.List<nl.zorgbrug.gateway.route.Route> routes,
                             ManifestRepository manifests, nl.zorgbrug.gateway.job.PatientTrace trace,
                             ConsoleProperties console) {
        this.trace = trace;
        this.time = new ConsoleTime(console.timeZone());
        this.manifests = manifests;
        this.jobs = jobs;
        this.queries = queries;
        this.manager = manager;
        this.clock = clock;
        this.sender = sender;
        this.routes = routes;
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUERY, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping("/")
    public String jobs(@RequestParam(required = false) JobState state, @RequestParam(required = false) Direction direction,
                       @RequestParam(required = false) String institution,
                       @RequestParam(required = false) String accessionNumber,
                       @RequestParam(required = false) String patient,
                       @RequestParam(required = false) Channel channel,
                       @RequestParam(required = false) java.time.LocalDate from,
                       @RequestParam(required = false) java.time.LocalDate to,
                       @RequestParam(required = false) String node,
                       org.springframework.security.core.Authentication auth, Model model) {
        fill(model, new Filter(state, direction, institution, accessionNumber, patient, channel, from, to, node), auth);
        return "jobs";
    }

    /** The table alone, for htmx's periodic refresh. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUERY, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping("/jobs/table")
    public String table(@RequestParam(required = false) JobState state, @RequestParam(required = false) Direction direction,
                        @RequestParam(required = false) String institution,
                        @RequestParam(required = false) String accessionNumber,
                        @RequestParam(required = false) String patient,
                        @RequestParam(required = false) Channel channel,
                        @RequestParam(required = false) java.time.LocalDate from,
                        @RequestParam(required = false) java.time.LocalDate to,
                        @RequestParam(required = false) String node,
                        org.springframework.security.core.Authentication auth, Model model) {
        fill(model, new Filter(state, direction, institution, accessionNumber, patient, channel, from, to, node), auth);
        return "jobs :: table";
    }

    /**
     * The job list's filters (issue 21: by channel as the Twiin job manager does, by period, by state). The period is
     * of days in the console's time zone, both included; it defaults to the last two weeks (issue 5). {@code node}: only
     * the jobs that node holds the lease of now (issue 22: which node holds which job); null for any.
     */
    record Filter(JobState state, Direction direction, String institution, String accessionNumber, String patient,
                  Channel channel, java.time.LocalDate from, java.time.LocalDate to, String node) {
    }

    private void fill(Model model, Filter f, org.springframework.security.core.Authentication auth) {
        java.time.ZoneId zone = time.zone();
        java.time.LocalDate today = clock.instant().atZone(zone).toLocalDate();
        java.time.LocalDate to = f.to() != null ? f.to() : today;
        java.time.LocalDate from = f.from() != null ? f.from() : to.minusDays(14);
        Filter filled = new Filter(f.state(), f.direction(), f.institution(), f.accessionNumber(), f.patient(),
                f.channel(), from, to, f.node());
        java.time.Instant now = clock.instant();
        java.util.List<nl.zorgbrug.gateway.job.Job> found = find(filled, now);
        model.addAttribute("jobs", found);
        // Which node holds which job, and until when (issue 22); a job nobody holds is not in the map.
        model.addAttribute("leases", jobs.leases(found.stream().map(nl.zorgbrug.gateway.job.Job::id).toList(), now));
        // The filter offers the nodes holding jobs now, this node always, and the one asked for.
        java.util.SortedSet<String> nodes = new java.util.TreeSet<>(jobs.leaseHolders(now));
        nodes.add(manager.leases().nodeId());
        if (blank(f.node()) != null) {
            nodes.add(f.node().strip());
        }
        model.addAttribute("nodes", nodes);
        model.addAttribute("node", blank(f.node()));
        model.addAttribute("patients", nl.zorgbrug.app.jobs.JobPatients.view(shown(found), auth));
        model.addAttribute("patient", f.patient());
        model.addAttribute("states", JobState.values());
        model.addAttribute("directions", Direction.values());
        model.addAttribute("channels", Channel.values());
        model.addAttribute("state", f.state());
        model.addAttribute("direction", f.direction());
        model.addAttribute("channel", f.channel());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("institution", f.institution());
        model.addAttribute("accessionNumber", f.accessionNumber());
        model.addAttribute("exportDestinations", routes.stream()
                .filter(r -> r.direction() == Direction.EXPORT).map(nl.zorgbrug.gateway.route.Route::destination).toList());
    }

    /** The jobs' patients, named for the list's audit event (every patient the list shows, issue 17). */
    private java.util.Map<Long, nl.zorgbrug.gateway.job.JobQueries.JobPatient> shown(
            java.util.List<nl.zorgbrug.gateway.job.Job> found) {
        return nl.zorgbrug.app.jobs.JobPatients.shown(queries.patients(found));
    }

    private java.util.List<nl.zorgbrug.gateway.job.Job> find(Filter f, java.time.Instant now) {
        java.time.ZoneId zone = time.zone();
        java.time.LocalDate today = clock.instant().atZone(zone).toLocalDate();
        java.time.LocalDate to = f.to() != null ? f.to() : today;
        java.time.LocalDate from = f.from() != null ? f.from() : to.minusDays(14);
        JobQuery query = new JobQuery(from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant(),
                f.state(), f.direction(), blank(f.institution()), blank(f.accessionNumber()), null, 500, f.channel())
                .heldBy(blank(f.node()), now);
        return blank(f.patient()) == null ? jobs.search(query) : trace.search(query, f.patient().strip());
    }

    /**
     * The job list as CSV, with the filters of the page, for a spreadsheet: times local to the second, the
     * Patient ID masked as on the page unless the role may see BSNs.
     */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.EXPORT_REPORT, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping(value = "/jobs.csv", produces = "text/csv")
    public org.springframework.http.ResponseEntity<String> csv(@RequestParam(required = false) JobState state,
                      @RequestParam(required = false) Direction direction,
                      @RequestParam(required = false) String institution,
                      @RequestParam(required = false) String accessionNumber,
                      @RequestParam(required = false) String patient,
                      @RequestParam(required = false) Channel channel,
                      @RequestParam(required = false) java.time.LocalDate from,
                      @RequestParam(required = false) java.time.LocalDate to,
                      @RequestParam(required = false) String node,
                      org.springframework.security.core.Authentication auth) {
        java.util.List<nl.zorgbrug.gateway.job.Job> found = find(new Filter(state, direction, institution,
                accessionNumber, patient, channel, from, to, node), clock.instant());
        String body = JobCsv.write(found, nl.zorgbrug.app.jobs.JobPatients.view(shown(found), auth),
                jobs.leases(found.stream().map(nl.zorgbrug.gateway.job.Job::id).toList(), clock.instant()), time);
        return org.springframework.http.ResponseEntity.ok()
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"jobs.csv\"")
                .contentType(org.springframework.http.MediaType.parseMediaType("text/csv; charset=UTF-8")).body(body);
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, subject = nl.zorgbrug.app.access.PatientData.Subject.JOB)
    @GetMapping("/jobs/{id}")
    public String job(@PathVariable long id, Model model) {
        nl.zorgbrug.gateway.job.Job job = manager.get(id);
        model.addAttribute("job", job);
        // The node holding it now and until when (issue 22); null when none does.
        model.addAttribute("lease", jobs.leases(java.util.List.of(id), clock.instant()).get(id));
        // Only the actions the job's state allows are offered.
        model.addAttribute("actions", java.util.stream.Stream.of("retry", "release", "cancel")
                .filter(a -> allowed(job, a)).toList());
        model.addAttribute("instances", jobs.instances(id));
        model.addAttribute("history", queries.history(id));
        model.addAttribute("events", queries.events(id));
        // The study manifest, sent or received: announced against present (issue 5, delivery proof).
        model.addAttribute("manifest", manifests.find(id)
                .map(m -> nl.zorgbrug.gateway.manifest.Reconciliation.of(m, jobs.instances(id))).orElse(null));
        return "job";
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.JOB_ACTION, recordedByDomain = true)
    @PostMapping("/jobs/send")
    public String send(@RequestParam String studyInstanceUid, @RequestParam String institution,
                       @RequestParam(required = false) String remark, @RequestParam(required = false) String referralReason,
                       @RequestParam(required = false, defaultValue = "false") boolean urgent,
                       Principal user, RedirectAttributes flash) {
        try {
            // urgent: "send urgently" (issue 20 part 7), the urgent route on the referral.
            nl.zorgbrug.gateway.send.StudySender.Sent sent = sender.send(studyInstanceUid.trim(), institution, remark,
                    referralReason, user.getName(), urgent);
            return "redirect:/jobs/" + sent.job().id();
        } catch (java.io.IOException | IllegalArgumentException | nl.zorgbrug.gateway.send.StudyNotSentException e) {
            flash.addFlashAttribute("error", e.getMessage());
            return "redirect:/";
        }
    }

    /** The confirmation step before a cancel: the job, and a required reason. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, subject = nl.zorgbrug.app.access.PatientData.Subject.JOB)
    @GetMapping("/jobs/{id}/cancel")
    public String confirmCancel(@PathVariable long id, Model model) {
        model.addAttribute("job", manager.get(id));
        return "job-cancel";
    }

    /**
     * A person's action on a job. A cancel needs a reason (asked by the confirmation step); it is recorded in the
     * job's history beside the change of state, so the history says who cancelled and why.
     */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.JOB_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.JOB, recordedByDomain = true)
    @PostMapping("/jobs/{id}/{action}")
    public String act(@PathVariable long id, @PathVariable String action,
                      @RequestParam(required = false) String reason, Principal user, RedirectAttributes flash) {
        try {
            switch (action) {
                case "retry": manager.retry(id, user.getName()); break;
                case "cancel":
                    if (reason == null || reason.isBlank()) {
                        flash.addFlashAttribute("reasonMissing", true);
                        return "redirect:/jobs/" + id + "/cancel";
                    }
                    manager.cancel(id, user.getName());
                    jobs.recordEvent(id, user.getName(), "reason", reason.strip(), clock.instant());
                    break;
                case "release": manager.release(id, user.getName()); break;
                default: throw new IllegalArgumentException("unknown action " + action);
            }
        } catch (IllegalJobTransitionException | IllegalArgumentException e) {
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/jobs/" + id;
    }

    private static boolean allowed(nl.zorgbrug.gateway.job.Job job, String action) {
        return switch (action) {
            case "release" -> job.state() == JobState.HELD;
            // A person retries what failed, or sends again what was done; a running job is the runner's.
            case "retry" -> job.state() == JobState.FAILED || job.state() == JobState.DONE;
            default -> job.state().canMoveTo(JobState.CANCELLED);
        };
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

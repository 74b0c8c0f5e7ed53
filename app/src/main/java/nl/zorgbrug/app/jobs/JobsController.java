package nl.zorgbrug.app.jobs;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.IllegalJobTransitionException;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobQueries;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.manifest.ManifestRepository;

/** The job manager's REST API: what the console does, for machines. Documented in static/openapi.yaml. */
@RestController
@RequestMapping("/api/jobs")
public class JobsController {
    private final JobRepository jobs;
    private final JobQueries queries;
    private final JobManager manager;
    private final Clock clock;
    private final nl.zorgbrug.gateway.send.StudySender sender;
    private final ManifestRepository manifests;
    private final nl.zorgbrug.gateway.job.PatientTrace trace;

    public JobsController(JobRepository jobs, JobQueries queries, JobManager manager, Clock clock,
                          nl.zorgbrug.gateway.send.StudySender sender, ManifestRepository manifests,
                          nl.zorgbrug.gateway.job.PatientTrace trace) {
        this.trace = trace;
        this.manifests = manifests;
        this.jobs = jobs;
        this.queries = queries;
        this.manager = manager;
        this.clock = clock;
        this.sender = sender;
    }

    /**
     * A job in the list, with the node that holds its lease and until when (issue 22: which node holds which job):
     * the job's own fields and, beside them, {@code node} and {@code leaseUntil}, both absent when no node holds it.
     */
    public record ListedJob(@com.fasterxml.jackson.annotation.JsonUnwrapped Job job,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String node,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Instant leaseUntil) {
        static List<ListedJob> of(List<Job> jobs, Map<Long, nl.zorgbrug.gateway.job.HeldLease> leases) {
            return jobs.stream().map(j -> {
                nl.zorgbrug.gateway.job.HeldLease l = leases.get(j.id());
                return new ListedJob(j, l == null ? null : l.node(), l == null ? null : l.until());
            }).toList();
        }
    }

    /**
     * Search; the period defaults to the last two weeks. {@code node}: only the jobs that node holds now (issue 22).
     */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.QUERY, subject = nl.zorgbrug.app.access.PatientData.Subject.PATIENT, listsPatients = true)
    @GetMapping
    public List<ListedJob> search(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                            @RequestParam(required = false) JobState state,
                            @RequestParam(required = false) Direction direction,
                            @RequestParam(required = false) String institution,
                            @RequestParam(required = false) String accessionNumber,
                            @RequestParam(required = false) String patient,
                            @RequestParam(required = false) nl.zorgbrug.gateway.job.Channel channel,
                            @RequestParam(required = false) String node,
                            @RequestParam(defaultValue = "200") int limit) {
        Instant now = clock.instant();
        JobQuery defaults = JobQuery.lastTwoWeeks(now);
        JobQuery q = new JobQuery(from != null ? from : defaults.from(), to != null ? to : defaults.to(), state,
                direction, blankToNull(institution), blankToNull(accessionNumber), null, Math.min(limit, 1000), channel)
                .heldBy(blankToNull(node), now);
        List<Job> found = patient == null || patient.isBlank() ? jobs.search(q) : trace.search(q, patient);
        // The jobs answered are their patients' (the job names the study); the event names each patient.
        JobPatients.shown(queries.patients(found));
        return ListedJob.of(found, jobs.leases(found.stream().map(Job::id).toList(), now));
    }

    /** The patients of jobs, by job id: the Patient ID masked unless the role sees BSNs whole. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, subject = nl.zorgbrug.app.access.PatientData.Subject.JOBS, listsPatients = true)
    @GetMapping("/patients")
    public Map<Long, JobQueries.JobPatient> patients(@RequestParam List<Long> ids,
                                                             org.springframework.security.core.Authentication auth) {
        return JobPatients.view(JobPatients.shown(queries.patients(ids.stream().map(manager::get).toList())), auth);
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.VIEW, subject = nl.zorgbrug.app.access.PatientData.Subject.JOB)
    @GetMapping("/{id}")
    public Map<String, Object> get(@PathVariable long id) {
        Job job = manager.get(id);
        List<JobInstance> instances = jobs.instances(id);
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("job", job);
        // The node delivering it now, where several nodes share the database, and until when its lease lasts unless
        // renewed (issue 22); both absent when none holds it.
        jobs.leases(List.of(id), clock.instant()).values().forEach(lease -> {
            out.put("node", lease.node());
            out.put("leaseUntil", lease.until());
        });
        out.put("instances", instances);
        out.put("events", queries.events(id));
        // Every step with its time, automatic ones too (issue 15).
        out.put("history", queries.history(id));
        // The study manifest, sent or received, reconciled with the instances (absent when the job has none).
        manifests.find(id).ifPresent(m -> out.put("manifest", nl.zorgbrug.gateway.manifest.Reconciliation.of(m, instances)));
        return out;
    }

    /**
     * What a person sends: a study of our PACS to an institution, with a remark and a referral reason; {@code urgent}
     * true is "send urgently" (issue 20 part 7: the urgent route, on the referral; absent is false).
     */
    public record SendRequest(String studyInstanceUid, String institution, String remark, String referralReason,
                              Boolean urgent) {
    }

    /** "Send study X to institution Y": the gateway C-MOVEs it from our PACS through the export route. */
    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.JOB_ACTION, recordedByDomain = true)
    @PostMapping("/send")
    public Map<String, Object> send(@org.springframework.web.bind.annotation.RequestBody SendRequest request,
                                    Principal user) throws java.io.IOException {
        nl.zorgbrug.gateway.send.StudySender.Sent sent = sender.send(request.studyInstanceUid(), request.institution(),
                request.remark(), request.referralReason(), user.getName(), Boolean.TRUE.equals(request.urgent()));
        return Map.of("job", sent.job(), "moved", sent.completed(), "failed", sent.failed());
    }

    /**
     * The own PACS does not have the study (404, no job opened) or moved none of it (422, the job FAILED with the
     * reason): the person hears why at once.
     */
    @ExceptionHandler(nl.zorgbrug.gateway.send.StudyNotSentException.class)
    ResponseEntity<Map<String, Object>> notSent(nl.zorgbrug.gateway.send.StudyNotSentException e) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", e.getMessage());
        e.job().ifPresent(j -> body.put("job", j));
        return ResponseEntity.status(e.job().isEmpty() ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_ENTITY)
                .body(body);
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.JOB_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.JOB, recordedByDomain = true)
    @PostMapping("/{id}/retry")
    public Job retry(@PathVariable long id, Principal user) {
        return manager.retry(id, user.getName());
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.JOB_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.JOB, recordedByDomain = true)
    @PostMapping("/{id}/cancel")
    public Job cancel(@PathVariable long id, Principal user) {
        return manager.cancel(id, user.getName());
    }

    @nl.zorgbrug.app.access.PatientData(value = nl.zorgbrug.audit.event.EventType.JOB_ACTION, subject = nl.zorgbrug.app.access.PatientData.Subject.JOB, recordedByDomain = true)
    @PostMapping("/{id}/release")
    public Job release(@PathVariable long id, Principal user) {
        return manager.release(id, user.getName());
    }

    @ExceptionHandler(IllegalJobTransitionException.class)
    ResponseEntity<Map<String, String>> conflict(IllegalJobTransitionException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    /**
     * A job number that is no number, a state that is none: said in a sentence, not with the parser's message
     * (issue 15), and 400 rather than the 404 the handler below would give for the parser's IllegalArgumentException.
     */
    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> notValid(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", "'" + e.getValue()
                + "' is not a valid " + e.getName()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> notFound(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

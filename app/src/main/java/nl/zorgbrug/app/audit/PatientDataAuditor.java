package nl.zorgbrug.app.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.app.access.ShownPatients;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.gateway.PatientLookup;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;

/**
 * Writes the audit event of every handler marked {@link PatientData} (issue 17; NEN 7513:2018 5.3: who, in which
 * role, from where, which patient, which objects, when) before the handler runs: a page or response with patient data
 * is only produced once its reading is in the trail, and when the trail cannot be written the request fails rather
 * than show data unlogged. The one place where the console and the API are audited; the handlers stay as they were.
 *
 * <p>A list or search ({@link PatientData#listsPatients()}) is known only once the handler found it: its event is
 * written after the handler and before anything is shown — {@link #postHandle} before a page is rendered,
 * {@link ShownPatientsBodyAdvice} before a response body is written — naming every patient the handler put in
 * {@link ShownPatients}, at most {@link #PATIENTS_PER_EVENT} per event (more go into further events of the same
 * request). A handler that fails leaves the event at completion, with the patients it named so far and the outcome.
 * The same result set shown again to the same session within {@code zorgbrug.audit.repeat-window} (the job list's
 * refresh every 5 s) is the same view and is not written again; any other set is (docs/audit.md).
 */
public final class PatientDataAuditor implements HandlerInterceptor {
    /** Patients named in one event: each PATIENT object takes about 40 of the record's 16,000 characters. */
    static final int PATIENTS_PER_EVENT = 200;
    private static final String RECORDED = PatientDataAuditor.class.getName() + ".recorded";
    private static final String RECENT = PatientDataAuditor.class.getName() + ".recent";
    /** Result sets a session remembers for the repeat window: enough for the pages a person keeps open. */
    private static final int RECENT_KEPT = 32;

    private final AuditLog trail;
    private final AuditConfiguration.AuditActors actors;
    private final PatientLookup jobPatients;
    private final QuarantineRepository quarantine;
    private final java.util.function.Function<String, PatientRef> patientIds;
    private final java.util.function.Function<ShownPatients.IssuedId, ObjectRef> issuedIds;
    private final java.time.Duration repeatWindow;
    private final Clock clock;

    PatientDataAuditor(AuditLog trail, AuditConfiguration.AuditActors actors, PatientLookup jobPatients,
                       QuarantineRepository quarantine, java.util.function.Function<String, PatientRef> patientIds,
                       java.util.function.Function<ShownPatients.IssuedId, ObjectRef> issuedIds,
                       java.time.Duration repeatWindow, Clock clock) {
        this.trail = trail;
        this.actors = actors;
        this.jobPatients = jobPatients;
        this.quarantine = quarantine;
        this.patientIds = patientIds;
        this.issuedIds = issuedIds;
        this.repeatWindow = repeatWindow;
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        PatientData declared = declared(handler);
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (declared == null || declared.recordedByDomain() || who == null || declared.listsPatients()) {
            return true;
        }
        trail.record(event(declared, who, request).build());
        return true;
    }

    /** A page: the list's event before the view renders it. */
    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           org.springframework.web.servlet.ModelAndView modelAndView) {
        recordShown(request, declared(handler), nl.zorgbrug.audit.event.Outcome.SUCCESS);
    }

    /** A handler that failed (or answered without a page or body) still leaves its list's event. */
    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception failed) {
        int status = response.getStatus();
        recordShown(request, declared(handler), failed != null || status >= 500 ? nl.zorgbrug.audit.event.Outcome.SERIOUS_FAILURE
                : status >= 400 ? nl.zorgbrug.audit.event.Outcome.MINOR_FAILURE : nl.zorgbrug.audit.event.Outcome.SUCCESS);
    }

    /**
     * Writes the event of a list handler ({@link PatientData#listsPatients()}) once per request, naming the patients
     * the handler named; nothing for other handlers. Called before a page renders or a body is written.
     */
    void recordShown(HttpServletRequest request, PatientData declared, nl.zorgbrug.audit.event.Outcome outcome) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (declared == null || !declared.listsPatients() || declared.recordedByDomain() || who == null
                || request.getAttribute(RECORDED) != null) {
            return;
        }
        request.setAttribute(RECORDED, Boolean.TRUE);
        ShownPatients named = ShownPatients.in(request);
        if (outcome == nl.zorgbrug.audit.event.Outcome.SUCCESS && seenAgain(request, declared, named)) {
            return;
        }
        List<ObjectRef> shown = resolve(named);
        int parts = Math.max(1, (shown.size() + PATIENTS_PER_EVENT - 1) / PATIENTS_PER_EVENT);
        List<AuditEvent> events = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            AuditEvent.Builder event = event(declared, who, request).outcome(outcome);
            List<ObjectRef> these = shown.subList(part * PATIENTS_PER_EVENT,
                    Math.min(shown.size(), (part + 1) * PATIENTS_PER_EVENT));
            these.forEach(event::object);
            String detail = request.getMethod() + " " + request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
                    + searchTerms(request) + "; " + shown.size() + " patients shown"
                    + (parts > 1 ? " (" + (part * PATIENTS_PER_EVENT + 1) + "-" + (part * PATIENTS_PER_EVENT
                    + these.size()) + " in this record)" : "");
            events.add(event.detail(detail).build());
        }
        trail.recordAll(events);
    }

    /**
     * Each patient named once: those named whole, each Patient ID with the MPI's BSN or local number beside it, and
     * each job's Patient ID by its issuer — ours through the MPI, another institution's as the foreign identifier with
     * its issuer ({@link PatientIds}).
     */
    private List<ObjectRef> resolve(ShownPatients named) {
        java.util.LinkedHashSet<ObjectRef> all = new java.util.LinkedHashSet<>();
        named.patients().forEach(p -> all.add(ObjectRef.patient(p)));
        for (String id : named.patientIds()) {
            PatientRef p = patientIds.apply(id);
            if (p != null) {
                all.add(ObjectRef.patient(p));
            }
        }
        for (ShownPatients.IssuedId id : named.issuedIds()) {
            ObjectRef o = issuedIds.apply(id);
            if (o != null) {
                all.add(o);
            }
        }
        return new ArrayList<>(all);
    }

    /**
     * Whether this session was shown this same result set (same handler, same search, same patients) within the
     * repeat window: the job list's refresh shows the same list every few seconds, which is one view, not one per
     * refresh. The window counts from the last event written for it, so a list kept open leaves an event per
     * window. No session (an API call with HTTP Basic): always written.
     */
    @SuppressWarnings("unchecked")
    private boolean seenAgain(HttpServletRequest request, PatientData declared, ShownPatients named) {
        jakarta.servlet.http.HttpSession session = request.getSession(false);
        if (session == null || repeatWindow.isZero()) {
            return false;
        }
        String key = nl.zorgbrug.audit.trail.Digest.of(declared.value().name(),
                request.getMethod() + " " + request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
                        + "\n" + searchValues(request) + "\n" + named.fingerprint()).hex();
        java.time.Instant now = clock.instant();
        synchronized (session) {
            Object kept = session.getAttribute(RECENT);
            Map<String, java.time.Instant> recent = kept instanceof Map<?, ?> m ? (Map<String, java.time.Instant>) m
                    : new java.util.LinkedHashMap<>();
            java.time.Instant last = recent.get(key);
            if (last != null && now.isBefore(last.plus(repeatWindow))) {
                return true;
            }
            recent.remove(key);
            recent.put(key, now);
            while (recent.size() > RECENT_KEPT) {
                recent.remove(recent.keySet().iterator().next());
            }
            session.setAttribute(RECENT, recent);
            return false;
        }
    }

    private static PatientData declared(Object handler) {
        return handler instanceof HandlerMethod method ? method.getMethodAnnotation(PatientData.class) : null;
    }

    private AuditEvent.Builder event(PatientData declared, Authentication who, HttpServletRequest request) {
        AuditEvent.Builder event = AuditEvent.of(declared.value(), actor(who), clock.instant())
                .accessPoint(AccessPoint.host(request.getRemoteAddr()))
                .detail(request.getMethod() + " " + request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
                        + searchTerms(request));
        Subjects found = subjects(declared.subject(), request);
        found.patient().ifPresent(event::patient);
        found.objects().forEach(event::object);
        return event;
    }

    /** The search's terms with their values, for telling one result set from another (hashed, never stored). */
    private static String searchValues(HttpServletRequest request) {
        java.util.TreeMap<String, List<String>> terms = new java.util.TreeMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("_csrf") && !name.equals("lang")) {
                terms.put(name, List.of(values));
            }
        });
        return terms.toString();
    }

    private Actor actor(Authentication who) {
        return actors.of(who);
    }

    /** The names (never the values: a BSN, a name) of the search terms given, for the reader of the trail. */
    private static String searchTerms(HttpServletRequest request) {
        TreeSet<String> names = new TreeSet<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("_csrf") && !name.equals("lang") && values.length > 0 && !values[0].isBlank()) {
                names.add(name);
            }
        });
        return names.isEmpty() ? "" : " " + names;
    }

    private record Subjects(Optional<PatientRef> patient, List<ObjectRef> objects) {
    }

    private Subjects subjects(PatientData.Subject subject, HttpServletRequest request) {
        List<ObjectRef> objects = new ArrayList<>();
        Optional<PatientRef> patient = Optional.empty();
        switch (subject) {
            case JOB -> {
                Optional<Long> id = number(pathVariable(request, "id"));
                id.ifPresent(i -> objects.add(ObjectRef.job(i)));
                patient = id.flatMap(jobPatients::forJob);
            }
            case JOBS -> {
                String ids = request.getParameter("ids");
                for (String one : ids == null ? new String[0] : ids.split(",")) {
                    number(one).ifPresent(i -> objects.add(ObjectRef.job(i)));
                }
            }
            case STUDY -> {
                String study = Optional.ofNullable(pathVariable(request, "study")).orElse(request.getParameter("study"));
                if (study != null && !study.isBlank()) {
                    objects.add(ObjectRef.study(study));
                }
            }
            case QUARANTINE_ITEM -> number(pathVariable(request, "id")).flatMap(quarantine::find).ifPresent(item -> {
                objects.add(ObjectRef.study(item.studyInstanceUid()));
                objects.add(ObjectRef.sopInstance(item.sopInstanceUid()));
            });
            case PATIENT -> patient = searchedPatient(request);
            case NONE -> {
            }
        }
        return new Subjects(patient, objects);
    }

    /**
     * The patient a search names: a BSN (11-proof) as BSN, another value with a digit as the local patient number. A
     * value without digits is a name searched for (the job list's {@code patient} also matches names): it is no
     * patient reference, and a name does not go into the trail's patient fields.
     */
    private static Optional<PatientRef> searchedPatient(HttpServletRequest request) {
        for (String name : List.of("bsn", "patient", "localId")) {
            String value = request.getParameter(name);
            if (value != null && !value.isBlank()) {
                String v = value.strip();
                if (Bsn.isValid(v)) {
                    return Optional.of(PatientRef.of(Bsn.parse(v)));
                }
                return v.chars().anyMatch(Character::isDigit) ? Optional.of(new PatientRef(null, v)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static String pathVariable(HttpServletRequest request, String name) {
        Object vars = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return vars instanceof Map<?, ?> map ? ((Map<String, String>) map).get(name) : null;
    }

    private static Optional<Long> number(String s) {
        try {
            return s == null ? Optional.empty() : Optional.of(Long.parseLong(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

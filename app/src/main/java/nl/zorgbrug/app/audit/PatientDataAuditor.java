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
 */
public final class PatientDataAuditor implements HandlerInterceptor {
    private final AuditLog trail;
    private final AuditConfiguration.AuditActors actors;
    private final PatientLookup jobPatients;
    private final QuarantineRepository quarantine;
    private final Clock clock;

    PatientDataAuditor(AuditLog trail, AuditConfiguration.AuditActors actors, PatientLookup jobPatients,
                       QuarantineRepository quarantine, Clock clock) {
        this.trail = trail;
        this.actors = actors;
        this.jobPatients = jobPatients;
        this.quarantine = quarantine;
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        PatientData declared = method.getMethodAnnotation(PatientData.class);
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (declared == null || declared.recordedByDomain() || who == null) {
            return true;
        }
        AuditEvent.Builder event = AuditEvent.of(declared.value(), actor(who), clock.instant())
                .accessPoint(AccessPoint.host(request.getRemoteAddr()))
                .detail(request.getMethod() + " " + request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)
                        + searchTerms(request));
        Subjects found = subjects(declared.subject(), request);
        found.patient().ifPresent(event::patient);
        found.objects().forEach(event::object);
        trail.record(event.build());
        return true;
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

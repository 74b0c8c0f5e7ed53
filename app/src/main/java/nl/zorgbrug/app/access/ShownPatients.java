package nl.zorgbrug.app.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import nl.zorgbrug.audit.event.PatientRef;

/**
 * The patients a list or search is about to show, named by its handler ({@link PatientData#listsPatients()}) for the
 * request's audit event (issue 17; NEN 7513:2018: every patient whose data was shown is named in the log). A handler
 * names them as it has them: a patient of the MPI as {@link PatientRef}, a Patient ID as it arrived (a job's, a
 * quarantined object's) by {@link #ids}, which the auditor resolves through the MPI (BSN and local number) only when
 * it writes the event. Kept as an attribute of the current request, so handlers need no extra parameter.
 */
public final class ShownPatients {
    /** The request attribute this is kept under. */
    public static final String ATTRIBUTE = ShownPatients.class.getName();

    private final Set<PatientRef> patients = new LinkedHashSet<>();
    private final Set<String> patientIds = new LinkedHashSet<>();
    private final Set<IssuedId> issuedIds = new LinkedHashSet<>();

    /**
     * A Patient ID as a job holds it: with the issuer its object named (null: none) and the job's direction (null:
     * not known). The auditor looks it up in our MPI only when it is ours — our local issuer, or an export's without
     * issuer (our own systems') — or a BSN with the BSN OID; anything else is recorded as the foreign identifier with
     * its issuer (issue 17: another hospital's local number may be one of our patients' numbers too).
     */
    public record IssuedId(String id, String issuer, nl.zorgbrug.gateway.job.Direction direction) {
        public IssuedId {
            java.util.Objects.requireNonNull(id, "id");
            id = id.strip();
            issuer = issuer == null || issuer.isBlank() ? null : issuer.strip();
        }
    }

    private ShownPatients() {
    }

    /** Names patients of the MPI (or otherwise known by BSN and local number) the answer shows. */
    public static void of(Collection<PatientRef> shown) {
        current().ifPresent(s -> shown.stream().filter(Objects::nonNull).forEach(s.patients::add));
    }

    /** Names patients by the Patient ID the answer shows (a BSN or a local number); blanks are skipped. */
    public static void ids(Collection<String> shown) {
        current().ifPresent(s -> shown.stream().filter(id -> id != null && !id.isBlank()).map(String::strip)
                .forEach(s.patientIds::add));
    }

    /** Names patients by the Patient ID a job holds, with its issuer and the job's direction ({@link IssuedId}). */
    public static void issued(Collection<IssuedId> shown) {
        current().ifPresent(s -> shown.stream().filter(Objects::nonNull).filter(id -> !id.id().isBlank())
                .forEach(s.issuedIds::add));
    }

    /**
     * Names patients by a Patient ID from another institution (a quarantined object's): a BSN as BSN, another value as
     * it came, never looked up in the own MPI, where the same number may be another patient's.
     */
    public static void asArrived(Collection<String> shown) {
        of(shown.stream().filter(id -> id != null && !id.isBlank()).map(String::strip)
                .map(id -> nl.zorgbrug.bsn.Bsn.isValid(id) ? PatientRef.of(nl.zorgbrug.bsn.Bsn.parse(id))
                        : new PatientRef(null, id)).toList());
    }

    /** What this request's handler named; empty when it named nothing. */
    public static ShownPatients in(jakarta.servlet.http.HttpServletRequest request) {
        Object kept = request.getAttribute(ATTRIBUTE);
        return kept instanceof ShownPatients s ? s : new ShownPatients();
    }

    public List<PatientRef> patients() {
        return new ArrayList<>(patients);
    }

    public List<String> patientIds() {
        return new ArrayList<>(patientIds);
    }

    public List<IssuedId> issuedIds() {
        return new ArrayList<>(issuedIds);
    }

    /** One text of everything named, sorted, for telling one result set from another (the same list again). */
    public String fingerprint() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(patientIds);
        issuedIds.forEach(i -> all.add(i.id() + "^" + i.issuer() + "^" + i.direction()));
        patients.forEach(p -> all.add((p.bsn() == null ? "" : p.bsn().value()) + "|" + p.localId()));
        return String.join("\n", all);
    }

    private static java.util.Optional<ShownPatients> current() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return java.util.Optional.empty();
        }
        Object kept = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (kept instanceof ShownPatients s) {
            return java.util.Optional.of(s);
        }
        ShownPatients made = new ShownPatients();
        request.setAttribute(ATTRIBUTE, made, RequestAttributes.SCOPE_REQUEST);
        return java.util.Optional.of(made);
    }
}

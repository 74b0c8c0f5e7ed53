package nl.zorgbrug.audit.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One logged event with what NEN 7513:2018 asks of it (issue 17, "Audit trail"): the event's id and type, the
 * action (C/R/U/D/E), the UTC time and the outcome; who acted, in which role and on whose behalf (URA); the access
 * point; the patient (BSN, local id) and the objects (study/series/SOP UIDs, FHIR ids, job); the source and
 * destination system; the legal basis. {@code detail} is a short text for people (a reason given, a state change);
 * it never holds a whole BSN or name (the patient is in {@code patient}).
 *
 * <p>The time is kept in milliseconds, as the database keeps it, so what is hashed when the event is appended is
 * what is read back.
 */
public record AuditEvent(UUID id, EventType type, Action action, Instant at, Outcome outcome, Actor actor,
                         AccessPoint accessPoint, PatientRef patient, List<ObjectRef> objects, Peer source,
                         Peer destination, LegalBasis legalBasis, String detail) {

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(actor, "actor");
        at = at.truncatedTo(ChronoUnit.MILLIS);
        objects = List.copyOf(objects == null ? List.of() : objects);
    }

    /**
     * Every patient the event names: its patient, then the patients a list or search showed
     * ({@link ObjectKind#PATIENT} objects), each once.
     */
    public List<PatientRef> patients() {
        java.util.LinkedHashSet<PatientRef> all = new java.util.LinkedHashSet<>();
        if (patient != null) {
            all.add(patient);
        }
        for (ObjectRef o : objects) {
            o.asPatient().ifPresent(all::add);
        }
        return List.copyOf(all);
    }

    /** The objects other than the patients a list showed (those are in {@link #patients()}). */
    public List<ObjectRef> dataObjects() {
        return objects.stream().filter(o -> o.kind() != ObjectKind.PATIENT).toList();
    }

    /**
     * This event as one patient may see it in the overview (Wabvpz art. 15d): the patient is {@code bsn}'s, and the
     * other patients a list showed are left out, since an overview handed to one patient names no other. Null when
     * the event does not name this patient.
     */
    public AuditEvent asSeenBy(nl.zorgbrug.bsn.Bsn bsn) {
        PatientRef own = patient != null && bsn.equals(patient.bsn()) ? patient
                : patients().stream().filter(p -> bsn.equals(p.bsn())).findFirst().orElse(null);
        if (own == null) {
            return null;
        }
        return new AuditEvent(id, type, action, at, outcome, actor, accessPoint, own, dataObjects(), source,
                destination, legalBasis, detail);
    }

    /** A builder: most events fill only some of the fields. */
    public static Builder of(EventType type, Actor actor, Instant at) {
        return new Builder(type, actor, at);
    }

    /** Builds an {@link AuditEvent}; the action defaults to the type's usual one, the outcome to success. */
    public static final class Builder {
        private UUID id = UUID.randomUUID();
        private final EventType type;
        private Action action;
        private final Instant at;
        private Outcome outcome = Outcome.SUCCESS;
        private final Actor actor;
        private AccessPoint accessPoint;
        private PatientRef patient;
        private final List<ObjectRef> objects = new ArrayList<>();
        private Peer source;
        private Peer destination;
        private LegalBasis legalBasis;
        private String detail;

        private Builder(EventType type, Actor actor, Instant at) {
            this.type = Objects.requireNonNull(type);
            this.action = type.usualAction();
            this.actor = actor;
            this.at = at;
        }

        /** A fixed id: for an event derived from another record, so that telling it twice gives the same id. */
        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        public Builder action(Action action) {
            this.action = action;
            return this;
        }

        public Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder accessPoint(AccessPoint accessPoint) {
            this.accessPoint = accessPoint;
            return this;
        }

        public Builder patient(PatientRef patient) {
            this.patient = patient;
            return this;
        }

        public Builder object(ObjectRef object) {
            this.objects.add(object);
            return this;
        }

        public Builder source(Peer source) {
            this.source = source;
            return this;
        }

        public Builder destination(Peer destination) {
            this.destination = destination;
            return this;
        }

        public Builder legalBasis(LegalBasis legalBasis) {
            this.legalBasis = legalBasis;
            return this;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(id, type, action, at, outcome, actor, accessPoint, patient, objects, source,
                    destination, legalBasis, detail);
        }
    }
}

package nl.zorgbrug.audit.overview;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditStore;
import nl.zorgbrug.bsn.Bsn;

/**
 * Builds a patient's overview from the trail, for the privacy officer only, and logs that it was opened (reading the
 * trail is itself an event, issue 17). The read is logged before the overview is handed out: an overview whose
 * reading could not be logged is not given.
 */
public final class OverviewService {
    /** More than a patient's overview holds in practice; beyond it the overview says it is incomplete. */
    static final int LIMIT = 10_000;

    private final AuditStore store;
    private final AuditLog log;
    private final Clock clock;

    public OverviewService(AuditStore store, AuditLog log, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * The overview of {@code patient} for {@code reader}, who must be a privacy officer (the role check of the web
     * layer is repeated here, so no other caller of the domain can skip it).
     */
    public PatientOverview overview(Bsn patient, Actor reader, AccessPoint from) {
        return overview(patient, reader, from, "JSON");
    }

    /**
     * As {@link #overview(Bsn, Actor, AccessPoint)}, naming in the logged event the form it was opened in (JSON,
     * FHIR, page, PDF), so the trail tells what the privacy officer saw or handed out.
     */
    public PatientOverview overview(Bsn patient, Actor reader, AccessPoint from, String form) {
        if (reader.role() != Role.PRIVACY_OFFICER) {
            throw new SecurityException("only a privacy officer may open a patient's overview; " + reader.userId()
                    + " acts as " + reader.role());
        }
        List<AuditRecord> records = store.forPatient(patient, LIMIT + 1);
        // A list that showed this patient among others is in the overview as this patient's view: the other patients
        // it showed are left out (asSeenBy), since the overview is handed to this patient.
        List<AuditEvent> events = records.stream().limit(LIMIT).map(AuditRecord::event)
                .filter(e -> e.type().aboutPatientData()).map(e -> e.asSeenBy(patient))
                .filter(Objects::nonNull).toList();
        log.record(AuditEvent.of(EventType.AUDIT_READ, reader, clock.instant())
                .accessPoint(from)
                .patient(PatientRef.of(patient))
                .object(new ObjectRef(ObjectKind.AUDIT_TRAIL, "patient overview"))
                .detail("patient overview opened (" + form + "): " + events.size() + " events")
                .build());
        return new PatientOverview(patient, events, records.size() <= LIMIT);
    }
}

package nl.zorgbrug.audit.overview;

import java.util.List;
import java.util.Objects;

import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.bsn.Bsn;

/**
 * A patient's overview (Wabvpz art. 15d, since 1 July 2020; issue 17): every logged event about the patient's data,
 * oldest first: who made which data available to whom, who viewed or requested it, when, on behalf of which
 * organisation, on which legal basis. {@code complete} is false when more events exist than were listed.
 */
public record PatientOverview(Bsn patient, List<AuditEvent> events, boolean complete) {
    public PatientOverview {
        Objects.requireNonNull(patient, "patient");
        events = List.copyOf(events);
    }
}

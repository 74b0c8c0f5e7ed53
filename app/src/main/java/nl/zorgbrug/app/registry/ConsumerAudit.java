package nl.zorgbrug.app.registry;

import java.time.Clock;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.consumer.ConsumerEvents;
import nl.zorgbrug.registry.consumer.IndexState;

/**
 * Each image-availability query in the audit trail (NEN 7513; exported as ATNA with the rest): a QUERY by the person
 * who asked, to the registry, for the patient; anything but a complete answer with outcome minor failure and the
 * reason ("not sent: no consent", "no answer").
 */
final class ConsumerAudit implements ConsumerEvents {
    private final AuditLog trail;
    private final AuditActors actors;
    private final Clock clock;
    private final String registry;

    ConsumerAudit(AuditLog trail, AuditActors actors, Clock clock, String registry) {
        this.trail = trail;
        this.actors = actors;
        this.clock = clock;
        this.registry = registry;
    }

    @Override
    public void queried(Bsn bsn, String user, IndexState state, int entries, String detail) {
        AuditEvent.Builder b = AuditEvent.of(EventType.QUERY, actors.person(user), clock.instant())
                .outcome(state.complete() ? Outcome.SUCCESS : Outcome.MINOR_FAILURE)
                .destination(Peer.named(registry))
                .detail("image availability ITI-18 FindDocuments: " + state + ", " + entries + " entries; " + detail);
        if (bsn != null) {
            b.patient(PatientRef.of(bsn));
        }
        trail.record(b.build());
    }
}

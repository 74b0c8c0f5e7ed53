package nl.zorgbrug.app.registry;

import java.time.Clock;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.source.SourceEvents;

/**
 * Each register of a study with the registry in the audit trail (NEN 7513; exported as ATNA with the rest): a SEND of
 * the study's metadata by the node to the registry, a refusal with outcome minor failure and the registry's codes.
 */
final class RegistrySourceAudit implements SourceEvents {
    private final AuditLog trail;
    private final AuditActors actors;
    private final RegistryCallers callers;
    private final Clock clock;

    RegistrySourceAudit(AuditLog trail, AuditActors actors, RegistryProperties registry, Clock clock) {
        this.trail = trail;
        this.actors = actors;
        this.callers = new RegistryCallers(actors, registry);
        this.clock = clock;
    }

    @Override
    public void registered(Bsn bsn, String studyInstanceUid, String documentUniqueId, long jobId, String registry,
                           Outcome outcome, String detail) {
        trail.record(AuditEvent.of(EventType.SEND, actors.node(), clock.instant())
                .outcome(outcome == Outcome.REGISTERED ? nl.zorgbrug.audit.event.Outcome.SUCCESS
                        : nl.zorgbrug.audit.event.Outcome.MINOR_FAILURE)
                .patient(PatientRef.of(bsn)).object(ObjectRef.study(studyInstanceUid)).object(ObjectRef.job(jobId))
                .destination(Peer.named(registry)).detail("register: " + detail).build());
    }

    /**
     * A RETRIEVE by the caller the node authenticated (HTTP Basic on the SOAP endpoint or WADO-RS), on behalf of the
     * organisation {@code zorgbrug.registry.requesters} gives it: the requesting organisation in the overview.
     */
    @Override
    public void retrieved(Bsn bsn, String studyInstanceUid, String documentUniqueId, boolean served, String detail) {
        retrieved(callers.caller(), bsn, studyInstanceUid, served, detail);
    }

    /** The caller read now (the thread of its request), for a streamed answer recorded when it ends. */
    @Override
    public SourceEvents forCaller() {
        nl.zorgbrug.audit.event.Actor actor = callers.caller();
        SourceEvents self = this;
        return new SourceEvents() {
            @Override
            public void registered(Bsn bsn, String study, String uid, long job, String registry, Outcome outcome,
                                   String detail) {
                self.registered(bsn, study, uid, job, registry, outcome, detail);
            }

            @Override
            public void retrieved(Bsn bsn, String study, String uid, boolean served, String detail) {
                RegistrySourceAudit.this.retrieved(actor, bsn, study, served, detail);
            }
        };
    }

    private void retrieved(nl.zorgbrug.audit.event.Actor actor, Bsn bsn, String studyInstanceUid, boolean served,
                           String detail) {
        trail.record(AuditEvent.of(EventType.RETRIEVE, actor, clock.instant())
                .outcome(served ? nl.zorgbrug.audit.event.Outcome.SUCCESS
                        : nl.zorgbrug.audit.event.Outcome.MINOR_FAILURE)
                .patient(PatientRef.of(bsn)).object(ObjectRef.study(studyInstanceUid))
                .destination(Peer.named(actor.userId())).detail(detail).build());
    }
}

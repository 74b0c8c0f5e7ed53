package nl.zorgbrug.app.registry;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.service.RegistryEvents;

/**
 * Every register and query of the registry in the audit trail (NEN 7513; exported as ATNA with the rest of the
 * trail): a register is RECEIVE of the studies in it, a query is QUERY; a refused request is a minor failure with the
 * ITI TF-3 error codes. The actor is the caller the node authenticated (HTTP Basic on the SOAP endpoint).
 */
final class RegistryAudit implements RegistryEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryAudit.class);

    private final AuditLog trail;
    private final RegistryCallers callers;
    private final Clock clock;

    RegistryAudit(AuditLog trail, AuditActors actors, RegistryProperties registry, Clock clock) {
        this.trail = trail;
        this.callers = new RegistryCallers(actors, registry);
        this.clock = clock;
    }

    @Override
    public void registered(Bsn bsn, String submissionSetUniqueId, List<String> studyUids, Outcome outcome,
                           List<String> errorCodes) {
        AuditEvent.Builder event = event(EventType.RECEIVE, bsn, outcome, "ITI-42 Register Document Set-b, SubmissionSet "
                + submissionSetUniqueId + ": " + describe(outcome, errorCodes));
        studyUids.forEach(uid -> event.object(ObjectRef.study(uid)));
        record(event);
    }

    @Override
    public void queried(String queryName, Bsn bsn, int entriesReturned, Outcome outcome, List<String> errorCodes) {
        record(event(EventType.QUERY, bsn, outcome, "ITI-18 Registry Stored Query " + queryName + ": "
                + (outcome == Outcome.REJECTED || outcome == Outcome.NO_CONSENT ? describe(outcome, errorCodes)
                        : entriesReturned + " entries")));
    }

    private AuditEvent.Builder event(EventType type, Bsn bsn, Outcome outcome, String detail) {
        Actor actor = caller();
        AuditEvent.Builder event = AuditEvent.of(type, actor, clock.instant()).detail(detail)
                .outcome(outcome == Outcome.REJECTED || outcome == Outcome.NO_CONSENT
                        ? nl.zorgbrug.audit.event.Outcome.MINOR_FAILURE
                        : nl.zorgbrug.audit.event.Outcome.SUCCESS)
                .source(Peer.named(actor.userId()));
        if (bsn != null) {
            event.patient(PatientRef.of(bsn));
        }
        return event;
    }

    /** The caller, on behalf of its organisation in {@code zorgbrug.registry.requesters} (RegistryCallers). */
    private Actor caller() {
        return callers.caller();
    }

    private static String describe(Outcome outcome, List<String> errorCodes) {
        return switch (outcome) {
            case STORED -> "stored";
            case RESENT -> "resend of a stored submission, nothing stored again";
            case ANSWERED -> "answered";
            case REJECTED -> "refused " + String.join(", ", errorCodes);
            // The consent decision itself is its own CONSENT_DECISION record, written by the consent service.
            case NO_CONSENT -> "refused for consent (" + String.join(", ", errorCodes) + "), answered as such, no entries";
        };
    }

    private void record(AuditEvent.Builder event) {
        AuditEvent built = event.build();
        try {
            trail.record(built);
        } catch (RuntimeException e) {
            LOG.error("audit: registry event {} could not be written to the trail: {}", built.detail(), e.getMessage(), e);
            throw e;
        }
    }
}

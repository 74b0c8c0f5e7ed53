package nl.zorgbrug.audit.consent.mitz;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;

/**
 * Mitz's open question, audited (issue 17): which holders have the patient's consent for this requester and
 * purpose. Every answer is a CONSENT_DECISION record (the requester as actor on behalf of its URA, the patient, the
 * holders named), written before it is returned. A failure (SOAP fault, HTTP error such as 503, time-out, an answer
 * that is not AA/OK or NF) is answered as no holders at all (deny) and recorded as a serious failure with its cause:
 * never a guess.
 */
public final class MitzLocator {
    private final Mitz mitz;
    private final AuditLog log;
    private final Clock clock;

    public MitzLocator(Mitz mitz, AuditLog log, Clock clock) {
        this.mitz = Objects.requireNonNull(mitz);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The holders, or none with the failure that made it none. */
    public record Answer(List<Mitz.Holder> holders, MitzException failure) {
        public Answer {
            holders = List.copyOf(holders);
        }

        public boolean failed() {
            return failure != null;
        }
    }

    public Answer holders(Bsn patient, Requester requester, Purpose purpose, Set<DataCategory> categories) {
        return holders(patient, requester, purpose, categories, null, null);
    }

    /**
     * As {@link #holders(Bsn, Requester, Purpose, Set)}, asked by a person of the requesting organisation (the node's
     * own user, from where): the record names that person as actor, on behalf of the requester's URA; without one the
     * requester itself is the actor.
     */
    public Answer holders(Bsn patient, Requester requester, Purpose purpose, Set<DataCategory> categories,
                          Actor asker, nl.zorgbrug.audit.event.AccessPoint from) {
        Answer answer;
        try {
            answer = new Answer(mitz.holders(new Mitz.OpenQuestion(patient, requester, purpose, categories)), null);
        } catch (MitzException e) {
            answer = new Answer(List.of(), e);
        }
        Actor actor = asker != null ? new Actor(asker.userId(), asker.name(), asker.role(), requester.ura())
                : new Actor(requester.uziNumber() != null ? requester.uziNumber() : requester.ura().value(), null,
                Role.REMOTE_SYSTEM, requester.ura());
        String detail = purpose + " for " + requester.ura() + ": Mitz open question, "
                + (answer.failed() ? "failed (" + answer.failure().kind() + ": " + answer.failure().getMessage()
                + "), answered as no holders (deny)"
                : answer.holders().isEmpty() ? "no holder has consent"
                : "holders with consent: " + answer.holders().stream().map(h -> h.ura().value()
                + (h.institutionType() == null ? "" : " (" + h.institutionType() + ")"))
                .collect(Collectors.joining(", ")));
        log.record(AuditEvent.of(EventType.CONSENT_DECISION, actor, clock.instant())
                .outcome(answer.failed() ? Outcome.SERIOUS_FAILURE : Outcome.SUCCESS)
                .accessPoint(from)
                .patient(PatientRef.of(patient))
                .source(Peer.named("Mitz"))
                .destination(Peer.named(requester.ura().value()))
                .detail(detail)
                .build());
        return answer;
    }
}

package nl.zorgbrug.bgz.referral;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.receive.BgzInbox;
import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.request.BgzRequester;
import nl.zorgbrug.bgz.request.PeerNode;
import nl.zorgbrug.bgz.request.RequestOutcome;
import nl.zorgbrug.bgz.stu3.TaskInbox;
import org.hl7.fhir.dstu3.model.Task;

/**
 * The receiving role of a Notified Pull (Ontvangend, issue 19): takes the Task another institution posted, checks it
 * (a Notified Pull Task for a BgZ on referral, from the organisation whose token posted it, for us, from an
 * institution of the address book with a BgZ endpoint, its token still valid), audits the receipt, and then pulls:
 * the Task's queries with the Task's token against the sender's endpoint as the address book configuration names it
 * (never a URL from the Task), and stores the answers as a received BgZ ({@link BgzInbox}, which tells the department).
 * The pull runs on {@code executor}, after the Task is answered, so the sender is not kept waiting.
 */
public final class BgzTaskReceiver implements TaskInbox {
    private static final System.Logger LOG = System.getLogger(BgzTaskReceiver.class.getName());

    private final String ownUra;
    private final Function<String, Optional<BgzSource>> senders;
    private final BgzRequester requester;
    private final BgzInbox inbox;
    private final Executor executor;
    private final Actor node;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * @param senders the institution of the address book with this URA and its BgZ endpoint, if it has one
     * @param node    the node itself, as the actor of the pull
     */
    public BgzTaskReceiver(String ownUra, Function<String, Optional<BgzSource>> senders, BgzRequester requester,
                           BgzInbox inbox, Executor executor, Actor node, AuditLog audit, Clock clock) {
        this.ownUra = ownUra;
        this.senders = senders;
        this.requester = requester;
        this.inbox = inbox;
        this.executor = executor;
        this.node = node;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String accept(Task task, AccessToken poster) {
        NotifiedPull pull = NotifiedPullTask.read(task);
        if (!pull.senderUra().equals(poster.requester().value())) {
            throw new SecurityException("the Task's requester (URA " + pull.senderUra() + ") is not the organisation "
                    + "this token was issued to: post Tasks only for your own organisation");
        }
        if (!pull.receiverUra().equals(ownUra)) {
            throw new IllegalArgumentException("the Task's owner (URA " + pull.receiverUra() + ") is not this "
                    + "hospital (URA " + ownUra + "): send it to the owner's endpoint");
        }
        if (!pull.expiresAt().isAfter(clock.instant())) {
            throw new IllegalArgumentException("the Task's token expired at " + pull.expiresAt()
                    + " (restriction.period.end): send a new Task with a valid token");
        }
        BgzSource source = senders.apply(pull.senderUra()).orElseThrow(() -> new IllegalArgumentException(
                "the sender (URA " + pull.senderUra() + ") is not in this hospital's address book with a BgZ "
                        + "endpoint, so its BgZ cannot be pulled: ask the hospital to add it"));
        audit.record(AuditEvent.of(EventType.RECEIVE, new Actor("bgz-token" + AccessToken.tail(poster.token()),
                        null, nl.zorgbrug.audit.event.Role.REMOTE_SYSTEM, poster.requester()), clock.instant())
                .source(new Peer(source.name(), null, source.base())).patient(PatientRef.of(pull.patient()))
                .legalBasis(new LegalBasis.Referral(pull.referral()))
                .object(new ObjectRef(ObjectKind.FHIR_RESOURCE, "Task/" + pull.taskId()))
                .detail("Notified Pull Task for a BgZ with referral " + pull.referral() + " from " + source.name()
                        + (pull.specialism() == null ? "" : " for " + pull.specialism().code() + " "
                        + pull.specialism().dutch()) + " accepted: " + pull.queries().size() + " queries, token valid until " + pull.expiresAt())
                .build());
        executor.execute(() -> pullAndStore(pull, source));
        return pull.taskId();
    }

    private void pullAndStore(NotifiedPull pull, BgzSource source) {
        try {
            RequestOutcome outcome = requester.pull(pull.queries(), pull.patient(), pull.referral(),
                    new PeerNode(source.name(), URI.create(source.base())), pull.token(), node);
            inbox.receive(outcome, source, Occasion.REFERRAL, pull.referral(), pull.specialism(), pull.patient(),
                    node);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the BgZ of Task " + pull.taskId() + " from " + source.name()
                    + " was not pulled and stored: " + e.getMessage() + "; the Task's receipt is in the audit trail,"
                    + " ask " + source.name() + " to send it again", e);
        }
    }
}

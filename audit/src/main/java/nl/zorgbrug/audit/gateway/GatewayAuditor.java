package nl.zorgbrug.audit.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Action;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.gateway.events.EventCodec;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.EventOutbox;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.JobState;

/**
 * The gateway's events in the audit trail (issue 17: receive, send, quarantine and people's actions on them). A
 * batch subscriber of the {@link EventHub} ({@code subscribeInBatches("audit", …)}): the hot path pays only for the
 * outbox row the gateway writes anyway; this runs on the node's audit pump, one trail transaction per batch. Every
 * event reaches it at least once (the outbox); its audit event's id is derived from the outbox position, so an event
 * handed again after a crash is kept once ({@link AuditLog#recordAll} leaves known ids out).
 *
 * <p>One record per object received (the {@code ObjectReceived} and the {@code JoinedJob} or {@code Quarantined}
 * the intake publishes with it are merged when they arrive in one batch: always since they are kept as one outbox
 * row, issue 17; rows kept before may have a batch end between them), a send when a job is DONE (every instance
 * acknowledged) and for each {@code Delivered}, one per other change of a job's state, one per person's action.
 *
 * <p>An export's events (its receives, its sends, the person's send) carry the job's referral as their legal basis
 * ({@link ReferralLookup}, read once per job per batch like the patient): the referral as the job holds it when the
 * batch is taken, normally a moment after the event. No line of it is logged (the reason is free text and may name
 * the patient).
 */
public final class GatewayAuditor implements EventHub.BatchListener {
    /** Its name on the event hub: the key of its outbox position, so keep it across versions. */
    public static final String SUBSCRIPTION = "audit";

    /**
     * The quarantine desk's actions, as it names them in its PersonAction (a link opens a job, so it has a job id
     * and is still an action on the quarantine).
     */
    private static final java.util.Set<String> QUARANTINE_ACTIONS = java.util.Set.of("link", "reject");

    /** A person's send of a study (the send form; JobManager#announce names it so). */
    private static final String SEND_ACTION = "send";

    private final AuditLog log;
    private final Actor node;
    private final PatientLookup patients;
    private final People people;
    private final ReferralLookup referrals;

    /**
     * @param node      the node itself, the actor of what it does on its own (routes, deliveries)
     * @param patients  who a job is for
     * @param people    the role and organisation of a user named in a person's action
     * @param referrals the referral a job goes out on, the legal basis of an export's events
     */
    public GatewayAuditor(AuditLog log, Actor node, PatientLookup patients, People people, ReferralLookup referrals) {
        this.log = Objects.requireNonNull(log);
        this.node = Objects.requireNonNull(node);
        this.patients = Objects.requireNonNull(patients);
        this.people = Objects.requireNonNull(people);
        this.referrals = Objects.requireNonNull(referrals);
    }

    /** Without referrals (the benchmark's count): every export is told as one without a referral given. */
    public GatewayAuditor(AuditLog log, Actor node, PatientLookup patients, People people) {
        this(log, node, patients, people, ReferralLookup.none());
    }

    @Override
    public void on(List<EventOutbox.Kept> batch) {
        Map<Long, Optional<PatientRef>> patientOfJob = new HashMap<>();
        Map<Long, ReferralLookup.JobReferral> referralOfJob = new HashMap<>();
        java.util.function.LongFunction<ReferralLookup.JobReferral> referral = jobId -> referralOfJob.computeIfAbsent(
                jobId, id -> referrals.forJob(id).orElse(ReferralLookup.JobReferral.NONE));
        Map<String, GatewayEvent.ObjectReceived> received = new HashMap<>();
        Map<String, Long> receivedAt = new HashMap<>();
        List<AuditEvent> out = new ArrayList<>(batch.size());
        for (EventOutbox.Kept kept : batch) {
            GatewayEvent e = kept.event();
            if (e instanceof GatewayEvent.ObjectReceived r) {
                received.put(r.sopInstanceUid(), r);
                receivedAt.put(r.sopInstanceUid(), kept.position());
                continue;
            }
            if (e instanceof GatewayEvent.JoinedJob j) {
                GatewayEvent.ObjectReceived r = received.remove(j.sopInstanceUid());
                receivedAt.remove(j.sopInstanceUid());
                // An urgent export asks for its referral too: a person's "send urgently" goes out on it (issue 20
                // part 7), an urgent route fed without one stays an emergency (basis below).
                out.add(receive(kept, j, r, patientOfJob.computeIfAbsent(j.jobId(), patients::forJob),
                        j.direction() == Direction.EXPORT ? referral.apply(j.jobId()) : null));
            } else if (e instanceof GatewayEvent.Quarantined q) {
                GatewayEvent.ObjectReceived r = received.remove(q.sopInstanceUid());
                receivedAt.remove(q.sopInstanceUid());
                out.add(quarantined(kept, q, r));
            } else if (e instanceof GatewayEvent.Delivered d) {
                out.add(delivered(kept, d, patientOfJob.computeIfAbsent(d.jobId(), patients::forJob),
                        pushes(d.direction(), false) ? referral.apply(d.jobId()) : null));
            } else if (e instanceof GatewayEvent.JobStateChanged c) {
                out.add(stateChanged(kept, c, patientOfJob.computeIfAbsent(c.jobId(), patients::forJob),
                        c.to() == JobState.DONE && pushes(c.direction(), false) ? referral.apply(c.jobId()) : null));
            } else if (e instanceof GatewayEvent.PersonAction a) {
                out.add(personAction(kept, a, a.jobId() == null ? Optional.empty()
                        : patientOfJob.computeIfAbsent(a.jobId(), patients::forJob),
                        a.jobId() != null && SEND_ACTION.equals(a.action()) ? referral.apply(a.jobId()) : null));
            }
        }
        // An ObjectReceived whose partner is in the next batch (or was never published) is kept on its own.
        for (Map.Entry<String, GatewayEvent.ObjectReceived> left : received.entrySet()) {
            out.add(receiveAlone(receivedAt.get(left.getKey()), left.getValue()));
        }
        log.recordAll(out);
    }

    private AuditEvent receive(EventOutbox.Kept kept, GatewayEvent.JoinedJob j, GatewayEvent.ObjectReceived r,
                               Optional<PatientRef> patient, ReferralLookup.JobReferral referral) {
        AuditEvent.Builder b = AuditEvent.of(j.direction() == Direction.IMPORT ? EventType.IMPORT : EventType.RECEIVE,
                        sender(r), j.at())
                .id(idOf(kept))
                .action(Action.CREATE)
                .object(ObjectRef.study(j.studyInstanceUid()))
                .object(ObjectRef.sopInstance(j.sopInstanceUid()))
                .object(ObjectRef.job(j.jobId()))
                .source(r == null || r.callingAeTitle() == null ? null : new Peer(r.callingAeTitle(), r.callingAeTitle(), null))
                .destination(Peer.named(j.destination()))
                .legalBasis(basis(j.direction(), j.urgent(), j.route(), referral))
                .detail("route " + j.route() + (r == null ? "" : ", " + r.decision() + (r.verdict() == null ? ""
                        : ", BSN " + r.verdict()) + ", " + r.bytes() + " bytes") + ", job " + j.jobState());
        if (r != null) {
            b.accessPoint(AccessPoint.dicom(null, r.callingAeTitle(), null));
        }
        patient.ifPresent(b::patient);
        return b.build();
    }

    private AuditEvent receiveAlone(long position, GatewayEvent.ObjectReceived r) {
        return AuditEvent.of(EventType.RECEIVE, sender(r), r.at())
                .id(idOf(position, r))
                .object(ObjectRef.study(r.studyInstanceUid()))
                .object(ObjectRef.sopInstance(r.sopInstanceUid()))
                .accessPoint(AccessPoint.dicom(null, r.callingAeTitle(), null))
                .source(r.callingAeTitle() == null ? null : new Peer(r.callingAeTitle(), r.callingAeTitle(), null))
                .destination(Peer.named(r.route()))
                .detail("route " + r.route() + ", " + r.decision() + (r.verdict() == null ? "" : ", BSN " + r.verdict())
                        + ", " + r.bytes() + " bytes")
                .build();
    }

    private AuditEvent quarantined(EventOutbox.Kept kept, GatewayEvent.Quarantined q, GatewayEvent.ObjectReceived r) {
        AuditEvent.Builder b = AuditEvent.of(EventType.QUARANTINE, sender(r), q.at())
                .id(idOf(kept))
                .outcome(Outcome.MINOR_FAILURE)
                .object(ObjectRef.study(q.studyInstanceUid()))
                .object(ObjectRef.sopInstance(q.sopInstanceUid()))
                .destination(Peer.named(q.route()))
                .detail("route " + q.route() + ", reason " + q.reasonCode()
                        + (q.verdict() == null ? "" : ", BSN " + q.verdict()));
        if (r != null) {
            b.accessPoint(AccessPoint.dicom(null, r.callingAeTitle(), null))
                    .source(r.callingAeTitle() == null ? null : new Peer(r.callingAeTitle(), r.callingAeTitle(), null));
        }
        return b.build();
    }

    private AuditEvent delivered(EventOutbox.Kept kept, GatewayEvent.Delivered d, Optional<PatientRef> patient,
                                 ReferralLookup.JobReferral referral) {
        AuditEvent.Builder b = AuditEvent.of(EventType.SEND, node, d.at())
                .id(idOf(kept))
                .object(ObjectRef.job(d.jobId()))
                .source(Peer.named(node.userId()))
                .destination(Peer.named(d.destination()))
                .legalBasis(basis(d.direction(), false, null, referral))
                .detail(d.instances() + " instances acknowledged by " + d.destination());
        patient.ifPresent(b::patient);
        return b.build();
    }

    private AuditEvent stateChanged(EventOutbox.Kept kept, GatewayEvent.JobStateChanged c,
                                    Optional<PatientRef> patient, ReferralLookup.JobReferral referral) {
        boolean failed = c.to() == JobState.FAILED;
        // DONE: every instance acknowledged by the receiver, the send as NEN 7513 logs it. Not every transport
        // tells Delivered (answers recorded one by one through the shipment), every job that was sent ends DONE.
        boolean sent = c.to() == JobState.DONE;
        AuditEvent.Builder b = AuditEvent.of(sent ? EventType.SEND : EventType.JOB_STATE, node, c.at())
                .id(idOf(kept))
                .action(sent ? Action.READ : c.from() == null ? Action.CREATE : Action.UPDATE)
                .outcome(failed ? Outcome.SERIOUS_FAILURE : Outcome.SUCCESS)
                .object(ObjectRef.job(c.jobId()))
                .destination(Peer.named(c.destination()))
                .source(sent ? Peer.named(node.userId()) : null)
                .legalBasis(sent ? basis(c.direction(), false, null, referral) : null)
                .detail((c.from() == null ? "opened" : c.from() + " -> " + c.to())
                        + (c.reason() == null ? "" : ": " + c.reason()));
        patient.ifPresent(b::patient);
        return b.build();
    }

    private AuditEvent personAction(EventOutbox.Kept kept, GatewayEvent.PersonAction a, Optional<PatientRef> patient,
                                    ReferralLookup.JobReferral referral) {
        AuditEvent.Builder b = AuditEvent.of(a.jobId() == null || QUARANTINE_ACTIONS.contains(a.action())
                        ? EventType.QUARANTINE_ACTION : EventType.JOB_ACTION, people.actor(a.user()), a.at())
                .id(idOf(kept))
                .detail(a.action() + (a.why() == null || a.why().isBlank() ? "" : ": " + a.why()));
        if (a.studyInstanceUid() != null) {
            b.object(ObjectRef.study(a.studyInstanceUid()));
        }
        if (a.jobId() != null) {
            b.object(ObjectRef.job(a.jobId()));
        }
        if (referral != null) {
            // The person's send (the send form, issue 5) is the push's start: on the referral it names.
            b.legalBasis(referral.basis("send"));
        }
        patient.ifPresent(b::patient);
        return b.build();
    }

    /** The sending system as the actor of a receive: another institution's or a modality's system, by AE title. */
    private static Actor sender(GatewayEvent.ObjectReceived r) {
        String ae = r == null || r.callingAeTitle() == null || r.callingAeTitle().isBlank() ? "unknown sender"
                : r.callingAeTitle();
        return new Actor(ae, null, Role.REMOTE_SYSTEM, null);
    }

    /** Whether an event of this direction is a push on referral, whose basis names the job's referral. */
    private static boolean pushes(Direction direction, boolean urgent) {
        return direction == Direction.EXPORT && !urgent;
    }

    /**
     * The legal basis of a transfer (Wabvpz art. 15a; issue 17, "Enforcement"): an export is a push on referral, with
     * the job's referral (its reason and the person's send, {@link ReferralLookup.JobReferral#basis}; "no referral
     * given" when the job has none, an automatic export route), an emergency route the patient's vital interest, an
     * import the own treatment relationship.
     */
    private static LegalBasis basis(Direction direction, boolean urgent, String route,
                                    ReferralLookup.JobReferral referral) {
        if (urgent) {
            // Issue 20 part 7: a person who sends a study urgently gives a referral; that referral is the push's
            // legal basis (Wabvpz art. 15a), as on any export. Only what an urgent route gets without a person's send
            // on referral (a modality's own push) rests on the patient's vital interest.
            ReferralLookup.JobReferral r = referral == null ? ReferralLookup.JobReferral.NONE : referral;
            if (r.reason() != null && r.sentBy() != null) {
                return r.basis("urgent route" + (route == null ? "" : " " + route));
            }
            return new LegalBasis.Emergency("emergency route" + (route == null ? "" : " " + route));
        }
        if (direction != Direction.EXPORT) {
            return new LegalBasis.Treatment();
        }
        return (referral == null ? ReferralLookup.JobReferral.NONE : referral)
                .basis(route == null ? "export" : "route " + route);
    }

    /** The same id however often the event is handed: from its outbox position, kind and time. */
    private static UUID idOf(EventOutbox.Kept kept) {
        return idOf(kept.position(), kept.event());
    }

    private static UUID idOf(long position, GatewayEvent e) {
        return UUID.nameUUIDFromBytes(("zorgbrug gateway event " + position + " " + EventCodec.kind(e) + " " + e.at())
                .getBytes(StandardCharsets.UTF_8));
    }
}

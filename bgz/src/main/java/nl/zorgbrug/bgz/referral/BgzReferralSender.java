package nl.zorgbrug.bgz.referral;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bgz.queryset.BgzQuery;
import nl.zorgbrug.bgz.queryset.BgzQuerySet;
import nl.zorgbrug.bgz.request.AnswerCapture;
import nl.zorgbrug.bgz.request.PeerClients;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import org.hl7.fhir.dstu3.model.OperationOutcome;

/**
 * The sending role (Sturend, issue 19): on a referral the BgZ is made available to the receiving institution by
 * Notified Pull. A token is issued for the patient, the receiver and the BgZ's queries, valid for a limited time; a
 * Task naming the referral, the patient, the queries and the token is posted to the receiver's BgZ endpoint; the
 * receiver then pulls with the token from our serving endpoint.
 *
 * <p>Sharing with another provider needs a validated BSN and no identity conflict (Wabvpz); otherwise nothing is
 * sent. No consent is asked: a push on referral is justified by the referral, which is recorded as the legal basis of
 * the send and of every read with the token (shielded zibs are still left out when it reads). A Task the receiver does
 * not accept revokes its token. Each send is a {@code SEND} event in the audit trail.
 *
 * <p>The Task goes by HAPI FHIR's generic client ({@code create}, {@link PeerClients}: the request timeout, no
 * redirect, the receiver's OperationOutcome kept when it refuses).
 */
public final class BgzReferralSender {
    private final PeerClients clients;
    private final IssuedTokenStore tokens;
    private final Duration validity;
    private final String ownUra;
    private final String ownName;
    private final AuditLog audit;
    private final Clock clock;

    /**
     * @param timeout  {@code zorgbrug.bgz.request-timeout}: for the Task's POST (connect and read)
     * @param validity how long the receiver may pull with the token
     * @param ownUra   our URA, the Task's requester
     */
    public BgzReferralSender(FhirContext stu3, Duration timeout, IssuedTokenStore tokens, Duration validity,
                             String ownUra, String ownName, AuditLog audit, Clock clock) {
        this.clients = new PeerClients(stu3, timeout);
        this.tokens = tokens;
        this.validity = validity;
        this.ownUra = ownUra;
        this.ownName = ownName;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Sends the patient's BgZ with the referral to the receiver.
     *
     * @return the Task as it was sent (its token in it)
     * @throws ShareRefusedException      when the patient's BSN may not be shared (nothing was sent)
     * @throws TaskNotDeliveredException  when the receiver did not accept the Task (its token is revoked)
     */
    public NotifiedPull send(MpiPatient patient, String referral, Receiver to, Actor actor) {
        if (referral == null || referral.isBlank()) {
            throw new IllegalArgumentException("a BgZ is sent on referral: give the referral's reference");
        }
        if (ownUra == null || !ownUra.matches("\\d{8}")) {
            throw new IllegalStateException("this node's URA is not set (zorgbrug.audit.organisation-ura): a Task names"
                    + " the sending organisation by its URA");
        }
        Peer destination = new Peer(to.name(), null, to.stu3Base().toString());
        String refusal = refusal(patient);
        if (refusal != null) {
            AuditEvent.Builder b = AuditEvent.of(EventType.SEND, actor, clock.instant()).outcome(Outcome.MINOR_FAILURE)
                    .destination(destination).legalBasis(new LegalBasis.Referral(referral))
                    .detail("BgZ with referral " + referral + " to " + to.name() + " not sent: " + refusal);
            if (patient.bsn() != null) {
                b.patient(PatientRef.of(patient.bsn()));
            }
            audit.record(b.build());
            throw refusalException(refusal);
        }
        Instant now = clock.instant();
        String token = IssuedTokens.newToken();
        List<String> queries = BgzQuerySet.all().stream().map(q -> q.withoutPatient().label()).toList();
        Set<String> types = new LinkedHashSet<>();
        BgzQuerySet.all().stream().map(BgzQuery::resource).forEach(types::add);
        NotifiedPull pull = new NotifiedPull(UUID.randomUUID().toString(), referral, patient.bsn(), ownUra, ownName,
                to.ura(), token, now.plus(validity), queries, to.specialism());
        tokens.save(new IssuedToken(IssuedTokens.hash(token), pull.taskId(), referral, patient.bsn(), to.ura(),
                to.name(), to.institutionType(), types, now, pull.expiresAt(), false));
        AnswerCapture answer = new AnswerCapture();
        int status = 0;
        String why;
        try {
            clients.open(to.stu3Base().toString().replaceAll("/+$", ""), to.notifyToken(), answer).create()
                    .resource(NotifiedPullTask.write(pull, Date.from(now))).encodedJson().execute();
            status = answer.status();
            why = null;
        } catch (FhirClientConnectionException e) {
            // Accepted (2xx) with an answer HAPI could not read is still accepted; otherwise no answer came.
            status = answer.came() ? answer.status() : 0;
            why = status / 100 == 2 ? null : status != 0 ? "refused without an OperationOutcome"
                    : clients.noAnswer(answer.unread() != null ? answer.unread() : e);
        } catch (BaseServerResponseException e) {
            // A 3xx, 4xx or 5xx: HAPI keeps the receiver's OperationOutcome, when it sent one. (A 2xx here is an
            // accepted Task whose answer is no FHIR: accepted, as the status says.)
            status = e.getStatusCode();
            why = status / 100 == 2 ? null : e.getOperationOutcome() instanceof OperationOutcome oo ? reason(oo)
                    : "refused without an OperationOutcome";
        } catch (RuntimeException e) {
            // The answer broke off while it was read: no answer came.
            if (answer.unread() == null) {
                throw e;
            }
            why = clients.noAnswer(answer.unread());
        }
        AuditEvent.Builder b = AuditEvent.of(EventType.SEND, actor, clock.instant()).destination(destination)
                .patient(PatientRef.of(patient.bsn())).legalBasis(new LegalBasis.Referral(referral))
                .object(new ObjectRef(ObjectKind.FHIR_RESOURCE, "Task/" + pull.taskId()));
        if (why != null) {
            tokens.revoke(pull.taskId());
            audit.record(b.outcome(Outcome.MINOR_FAILURE).detail("BgZ Task with referral " + referral + " to "
                    + to.name() + " not accepted (" + status + "): " + why + "; token revoked").build());
            throw new TaskNotDeliveredException(to.name(), status, why);
        }
        audit.record(b.detail("BgZ made available with referral " + referral + " to " + to.name() + " (URA "
                + to.ura() + (to.specialism() == null ? "" : ", specialism " + to.specialism().code() + " "
                + to.specialism().dutch()) + ") by Notified Pull: " + queries.size() + " queries, token valid until "
                + pull.expiresAt()).build());
        return pull;
    }

    /** Why the BSN may not be shared, in English for the trail; null when it may. */
    private static String refusal(MpiPatient patient) {
        if (patient.bsn() == null) {
            return "no BSN";
        }
        if (patient.conflicted()) {
            return "identity conflict";
        }
        return patient.bsnStatus().permitsSharing() ? null : "BSN not validated (" + patient.bsnStatus().csv() + ")";
    }

    private static ShareRefusedException refusalException(String refusal) {
        return switch (refusal) {
            case "no BSN" -> new ShareRefusedException("Voor deze patiënt is geen BSN bekend.",
                    "no BSN is known for this patient");
            case "identity conflict" -> new ShareRefusedException("De identiteit van deze patiënt is in conflict; "
                    + "los dat eerst op in de MPI.", "this patient's identity is in conflict; resolve that in the MPI");
            default -> new ShareRefusedException("Het BSN is niet gevalideerd met een identiteitsbewijs; de Wabvpz staat"
                    + " delen met een andere zorgaanbieder pas toe met een gevalideerd BSN.", "the BSN has not been "
                    + "validated with an identity document; the Wabvpz allows sharing only with a validated BSN");
        };
    }

    private static String reason(OperationOutcome oo) {
        return oo.getIssue().stream().map(i -> i.hasDiagnostics() ? i.getDiagnostics() : i.getCode().toCode())
                .reduce((a, c) -> a + "; " + c).orElse("refused without a reason");
    }
}

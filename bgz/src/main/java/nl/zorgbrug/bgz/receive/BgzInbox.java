package nl.zorgbrug.bgz.receive;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

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
import nl.zorgbrug.bgz.request.QueryOutcome;
import nl.zorgbrug.bgz.request.RequestOutcome;
import nl.zorgbrug.bgz.specialism.Specialism;
import nl.zorgbrug.bsn.Bsn;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.Patient;

/**
 * The receiving role (Ontvangend, issue 19): a BgZ that came back from a request or was pulled on a referral is
 * stored as one received BgZ, apart from the own record, with its document-level metadata and every answer as it was
 * received; the receipt is one {@code RECEIVE} event in the audit trail (the source institution, the patient, the
 * resources, and for a referral the referral as legal basis); then the department is told ({@link ReceiptListener}).
 *
 * <p>A BgZ whose Patient carries another BSN than the patient it was asked for is not stored: the peer answered for
 * someone else, and keeping it would file another person's data under this patient. The refusal is audited.
 */
public final class BgzInbox {
    /** The BSN naming system (Nictiz, NamingSystem BSN), as the Patient of a BgZ carries it. */
    private static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";

    private final ReceivedBgzStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final List<ReceiptListener> listeners = new CopyOnWriteArrayList<>();

    public BgzInbox(ReceivedBgzStore store, AuditLog audit, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
    }

    public void listen(ReceiptListener listener) {
        listeners.add(listener);
    }

    /**
     * Stores what a request or a pull gave as one received BgZ and tells the department.
     *
     * @param reference the referral's reference for {@link Occasion#REFERRAL}; null for a request
     * @param actor     who asked (a clinician), or the node for a Notified Pull
     * @throws ForeignPatientException when a Patient in the answers has another BSN (nothing is stored)
     */
    public ReceivedBgz receive(RequestOutcome outcome, BgzSource source, Occasion occasion, String reference,
                               Bsn patient, Actor actor) {
        return receive(outcome, source, occasion, reference, null, patient, actor);
    }

    /**
     * As {@link #receive(RequestOutcome, BgzSource, Occasion, String, Bsn, Actor)}, for a referral addressed to one
     * of our departments by its specialism (the Task's owner), which the received BgZ keeps and the notice names.
     *
     * @param specialism the department's specialism the referral is for; null when it names none
     */
    public ReceivedBgz receive(RequestOutcome outcome, BgzSource source, Occasion occasion, String reference,
                               Specialism specialism, Bsn patient, Actor actor) {
        Set<String> refs = new LinkedHashSet<>();
        outcome.queries().forEach(q -> refs.addAll(q.resources()));
        Peer peer = new Peer(source.name(), null, source.base());
        String foreign = foreignBsn(outcome, patient);
        if (foreign != null) {
            audit.record(AuditEvent.of(EventType.RECEIVE, actor, clock.instant()).outcome(Outcome.MINOR_FAILURE)
                    .source(peer).patient(PatientRef.of(patient)).legalBasis(basis(occasion, reference))
                    .detail("BgZ from " + source.name() + " not stored: its Patient has another BSN ("
                            + Bsn.mask(foreign) + ")").build());
            throw new ForeignPatientException(source.name());
        }
        List<ReceivedQuery> queries = new ArrayList<>();
        for (QueryOutcome q : outcome.queries()) {
            String label = q.query().label();
            queries.add(new ReceivedQuery(label, q.status(), q.total(), q.failure(),
                    q.ok() ? outcome.answers().get(label) : null));
        }
        ReceivedBgz received = new ReceivedBgz(UUID.randomUUID(), source, occasion, reference, clock.instant(),
                patient, actor.userId(), queries, refs.size(), specialism);
        store.save(received);
        AuditEvent.Builder b = AuditEvent.of(EventType.RECEIVE, actor, received.receivedAt())
                .outcome(received.complete() ? Outcome.SUCCESS : Outcome.MINOR_FAILURE)
                .source(peer).patient(PatientRef.of(patient)).legalBasis(basis(occasion, reference))
                .object(new ObjectRef(ObjectKind.FHIR_RESOURCE, "received-bgz/" + received.id()))
                .detail("BgZ received from " + source.name() + (occasion == Occasion.REFERRAL ? " with referral "
                        + reference : " on request") + (specialism == null ? "" : " for " + specialism.code() + " "
                        + specialism.dutch()) + ": " + queries.size() + " queries, "
                        + received.failed().size() + " failed, " + refs.size() + " resources; kept apart from the"
                        + " own record");
        refs.stream().limit(500).forEach(ref -> b.object(new ObjectRef(ObjectKind.FHIR_RESOURCE, ref)));
        audit.record(b.build());
        ReceivedBgz.Summary summary = received.summary();
        for (ReceiptListener l : listeners) {
            try {
                l.received(summary);
            } catch (RuntimeException e) {
                System.getLogger(BgzInbox.class.getName()).log(System.Logger.Level.WARNING, "the department was not"
                        + " told of received BgZ " + received.id() + ": " + e.getMessage(), e);
            }
        }
        return received;
    }

    /**
     * For a referral the referral carries it (Wabvpz: a push on referral); for a request the own treatment
     * relationship with the patient (WGBO), for which the clinician asked.
     */
    private static LegalBasis basis(Occasion occasion, String reference) {
        return occasion == Occasion.REFERRAL ? new LegalBasis.Referral(reference) : new LegalBasis.Treatment();
    }

    /** The first BSN of a received Patient that is not the one asked for, or null. */
    private static String foreignBsn(RequestOutcome outcome, Bsn patient) {
        for (Bundle b : outcome.bundles().values()) {
            for (Bundle.BundleEntryComponent e : b.getEntry()) {
                if (e.getResource() instanceof Patient p) {
                    for (Identifier id : p.getIdentifier()) {
                        if (BSN_SYSTEM.equals(id.getSystem()) && id.getValue() != null
                                && !id.getValue().strip().equals(patient.value())) {
                            return id.getValue().strip();
                        }
                    }
                }
            }
        }
        return null;
    }
}

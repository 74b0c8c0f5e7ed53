package nl.zorgbrug.audit.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.LegalBasis;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.event.Peer;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;

/**
 * The consent service (issue 17): {@link #decide} answers whether a requesting organisation may have a patient's
 * data categories for a purpose, per category, with the record relied on. Shielding comes first (a shielded category
 * is never shared, whatever consent says); the rest goes to the {@link ConsentSource} (the register by default, or
 * Mitz). Every decision is written to the audit trail before it is returned, and so is every consent recorded or
 * withdrawn. A decision that cannot be written is not given: the exception reaches the caller, who must refuse.
 */
public final class ConsentService {
    private final ConsentStore store;
    private final ConsentSource source;
    private final AuditLog audit;
    private final Clock clock;

    public ConsentService(ConsentStore store, ConsentSource source, AuditLog audit, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.source = Objects.requireNonNull(source);
        this.audit = Objects.requireNonNull(audit);
        this.clock = Objects.requireNonNull(clock);
    }

    public ConsentDecision decide(Bsn patient, Requester requester, Purpose purpose, Set<DataCategory> categories) {
        ConsentRequest request = new ConsentRequest(patient, requester, purpose, categories);
        Instant now = clock.instant();
        Map<DataCategory, CategoryDecision> decided = new EnumMap<>(DataCategory.class);
        Set<DataCategory> open = EnumSet.copyOf(request.categories());
        for (Shielding s : store.shieldings(patient)) {
            for (DataCategory c : request.categories()) {
                if (open.contains(c) && s.shields(c, now)) {
                    decided.put(c, CategoryDecision.of(c, CategoryDecision.Ground.SHIELDED, s.id()));
                    open.remove(c);
                }
            }
        }
        Map<DataCategory, CategoryDecision> fromSource = source.decide(request, Set.copyOf(open), now);
        for (DataCategory c : open) {
            CategoryDecision d = fromSource.get(c);
            decided.put(c, d != null ? d : CategoryDecision.of(c, CategoryDecision.Ground.NO_CONSENT, null));
        }
        ConsentDecision decision = new ConsentDecision(request, now, decided);
        audit.record(auditEvent(decision));
        return decision;
    }

    /** Records a consent (or a refusal) the patient gave; audited as a consent change by {@code by}. */
    public void record(ConsentRecord consent, Actor by) {
        store.save(consent);
        audit.record(change(consent.patient(), by, consent.id(), (consent.permits() ? "consent " : "refusal ")
                + consent.purpose() + " recorded (" + consent.recording().method() + ")"));
    }

    /** Withdraws a consent from now on; the record stays. */
    public void withdraw(String consentId, Actor by) {
        ConsentRecord c = store.consent(consentId).orElseThrow(() -> new IllegalArgumentException(
                "no consent with id " + consentId + " in the register"));
        store.save(c.withdrawn(new ConsentRecord.Withdrawal(clock.instant(), by.userId())));
        audit.record(change(c.patient(), by, consentId, "consent " + c.purpose() + " withdrawn"));
    }

    /** Shields categories of a patient from sharing. */
    public void shield(Shielding shielding, Actor by) {
        store.save(shielding);
        audit.record(change(shielding.patient(), by, shielding.id(), "shielding of " + shielding.categories()
                + " recorded"));
    }

    /** Lifts a shielding from now on. */
    public void liftShielding(String shieldingId, Actor by) {
        Shielding s = store.shielding(shieldingId).orElseThrow(() -> new IllegalArgumentException(
                "no shielding with id " + shieldingId + " in the register"));
        store.save(s.withdrawn(new ConsentRecord.Withdrawal(clock.instant(), by.userId())));
        audit.record(change(s.patient(), by, shieldingId, "shielding of " + s.categories() + " lifted"));
    }

    private AuditEvent change(Bsn patient, Actor by, String recordId, String what) {
        return AuditEvent.of(EventType.CONSENT_CHANGE, by, clock.instant())
                .patient(PatientRef.of(patient))
                .object(new ObjectRef(ObjectKind.CONSENT, recordId))
                .detail(what)
                .build();
    }

    /**
     * The decision in the trail: the requester as the actor (a system acting for its organisation, by URA), the
     * patient, the consents relied on as objects and the first as the legal basis, and per category the answer.
     * A Mitz failure makes the outcome a serious failure, so it stands out in the trail.
     */
    private static AuditEvent auditEvent(ConsentDecision d) {
        Requester r = d.request().requester();
        Actor requester = new Actor(r.uziNumber() != null ? r.uziNumber() : r.ura().value(), null,
                Role.REMOTE_SYSTEM, r.ura());
        boolean mitzFailed = d.categories().values().stream()
                .anyMatch(c -> c.ground() == CategoryDecision.Ground.MITZ_FAILED);
        StringJoiner detail = new StringJoiner("; ", d.request().purpose() + " for " + r.ura() + " ("
                + r.institutionType() + "): ", "");
        Set<String> reliedOn = new LinkedHashSet<>();
        String consentBasis = null;
        for (CategoryDecision c : new EnumMap<>(d.categories()).values()) {
            detail.add(c.category() + " " + c.permission() + " " + c.ground()
                    + (c.ground() == CategoryDecision.Ground.MITZ_FAILED ? " (" + c.reliedOn() + ")" : ""));
            if (c.reliedOn() != null && (c.ground() == CategoryDecision.Ground.CONSENT
                    || c.ground() == CategoryDecision.Ground.REFUSAL || c.ground() == CategoryDecision.Ground.SHIELDED)) {
                reliedOn.add(c.reliedOn());
                if (consentBasis == null && c.ground() == CategoryDecision.Ground.CONSENT) {
                    consentBasis = c.reliedOn();
                }
            }
        }
        AuditEvent.Builder b = AuditEvent.of(EventType.CONSENT_DECISION, requester, d.at())
                .outcome(mitzFailed ? Outcome.SERIOUS_FAILURE : Outcome.SUCCESS)
                .patient(PatientRef.of(d.request().patient()))
                .destination(Peer.named(r.ura().value()))
                .detail(detail.toString());
        for (String id : reliedOn) {
            b.object(new ObjectRef(ObjectKind.CONSENT, id));
        }
        if (consentBasis != null) {
            b.legalBasis(new LegalBasis.Consent(consentBasis));
        }
        return b.build();
    }
}

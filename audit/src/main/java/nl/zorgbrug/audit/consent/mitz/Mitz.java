package nl.zorgbrug.audit.consent.mitz;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;

/**
 * The national consent service Mitz, as the node asks it (issue 17). This session has the closed question: SOAP 1.2
 * carrying an XACML 3.0 {@code XACMLAuthzDecisionQuery} (resource: BSN, holder URA and holder type; action: data
 * category; subject: the requester's role, UZI number, URA and type; environment: purpose of use), answered with
 * Permit, Deny, NotApplicable or Indeterminate per category. The open question (XCPD-shaped: which holders have
 * consent for this requester) and the FHIR Subscription for consent changes come later (docs/privacy.md).
 */
public interface Mitz {

    /** The closed question; throws {@link MitzException} for anything but a readable answer. */
    Map<DataCategory, MitzDecision> ask(ClosedQuestion question) throws MitzException;

    /** Mitz's answer for one category (XACML 3.0 Decision). */
    enum MitzDecision { PERMIT, DENY, NOT_APPLICABLE, INDETERMINATE }

    /**
     * The closed question: may {@code requester} get these categories of this patient from the holder (us) for this
     * purpose?
     */
    record ClosedQuestion(Bsn patient, Ura holder, String holderType, Set<DataCategory> categories,
                          Requester requester, Purpose purpose) {
        public ClosedQuestion {
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(holderType, "holderType");
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(purpose, "purpose");
            categories = Set.copyOf(categories);
        }
    }
}

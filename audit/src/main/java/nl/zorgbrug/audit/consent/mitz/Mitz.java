package nl.zorgbrug.audit.consent.mitz;

import java.util.List;
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
 * Permit, Deny, NotApplicable or Indeterminate per category; and the open question, shaped as IHE XCPD (a
 * PRPA_IN201305UV02 query for the patient's BSN, answered with a PRPA_IN201306UV02 naming each holder, by URA and
 * institution type, that has the patient's consent for this requester and purpose). Consent changes arrive as FHIR
 * notifications ({@link MitzSubscription}).
 */
public interface Mitz {

    /** The closed question; throws {@link MitzException} for anything but a readable answer. */
    Map<DataCategory, MitzDecision> ask(ClosedQuestion question) throws MitzException;

    /**
     * The open question: which holders have the patient's consent to make data available to this requester for
     * this purpose. Empty when none; throws {@link MitzException} for anything but a readable answer.
     */
    default List<Holder> holders(OpenQuestion question) throws MitzException {
        throw new MitzException(MitzException.Kind.UNREADABLE, "this Mitz connection has no open question", null);
    }

    /** A holder of the patient's data (a care provider) by URA and institution type (as Mitz knows it). */
    record Holder(Ura ura, String institutionType) {
        public Holder {
            Objects.requireNonNull(ura, "ura");
        }
    }

    /** The open question: who holds data of {@code patient} that {@code requester} may have for {@code purpose}? */
    record OpenQuestion(Bsn patient, Requester requester, Purpose purpose, Set<DataCategory> categories) {
        public OpenQuestion {
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(requester, "requester");
            Objects.requireNonNull(purpose, "purpose");
            categories = Set.copyOf(categories);
        }
    }

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

package nl.zorgbrug.audit.event;

import java.util.Objects;

/**
 * Why the action was allowed (issue 17, "Enforcement"; Wabvpz art. 15a: making data available through an exchange
 * system needs the patient's explicit consent, a push on referral is justified by the referral, and in an emergency
 * the treatment relationship carries it).
 */
public sealed interface LegalBasis permits LegalBasis.Consent, LegalBasis.Referral, LegalBasis.Emergency,
        LegalBasis.Treatment {

    /** A consent record permitted it ({@code consentId}: the record in the consent register or Mitz). */
    record Consent(String consentId) implements LegalBasis {
        public Consent {
            Objects.requireNonNull(consentId, "consentId");
        }
    }

    /** A referral: the data went with the patient to the treating colleague ({@code reference} names the referral). */
    record Referral(String reference) implements LegalBasis {
        public Referral {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** An emergency route (issue 9): the patient's vital interest. */
    record Emergency(String reason) implements LegalBasis {
        public Emergency {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The own organisation's treatment relationship (WGBO): the node handles data for its own hospital. */
    record Treatment() implements LegalBasis {
    }
}

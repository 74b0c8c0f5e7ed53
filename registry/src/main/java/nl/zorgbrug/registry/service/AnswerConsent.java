package nl.zorgbrug.registry.service;

import java.util.Objects;

import nl.zorgbrug.bsn.Bsn;

/**
 * Whether the registry may show a patient's entries to the caller of an ITI-18 query (issue 20 part 4): the patient's
 * consent for purpose <em>image availability</em> for the requesting organisation. The node answers it with its consent
 * service (the register or Mitz's closed question), which writes the decision to the audit trail; the requester is
 * the caller the node authenticated, so this port asks only about the patient.
 */
@FunctionalInterface
public interface AnswerConsent {

    Verdict check(Bsn patient);

    /** What the consent service said, and a text for the requester (no BSN in it). */
    record Verdict(Kind kind, String detail) {
        public Verdict {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }

        public static Verdict permit() {
            return new Verdict(Kind.PERMIT, "consent");
        }
    }

    enum Kind {
        /** The patient consented: the entries are shown. */
        PERMIT,
        /** No consent for this requester (none recorded, refused, withdrawn, shielded, or Mitz said no). */
        NO_CONSENT,
        /** The consent service could not be asked (Mitz down, time-out): nothing is shown, and it is not "no consent". */
        CONSENT_UNAVAILABLE,
        /** The caller is no organisation the registry knows, so there is nobody to ask consent for. */
        UNKNOWN_REQUESTER
    }

    /** For the registry's other rules in tests: every patient consented. */
    AnswerConsent EVERYONE = patient -> Verdict.permit();
}

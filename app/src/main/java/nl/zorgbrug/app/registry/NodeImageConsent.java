package nl.zorgbrug.app.registry;

import java.util.EnumSet;

import nl.zorgbrug.audit.consent.CategoryDecision;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.service.AnswerConsent;

/**
 * Consent before a query leaves (issue 20 part 4), on the node's consent service as the registry uses it: purpose image
 * availability, category images, for this hospital as requester (zorgbrug.audit.organisation-ura and
 * zorgbrug.consent.institution-type). The consent service asks the register or Mitz's closed question and writes the
 * CONSENT_DECISION to the audit trail before it answers.
 */
final class NodeImageConsent implements AnswerConsent {
    private final ConsentService consent;
    private final Ura hospital;
    private final String institutionType;

    /** @param hospital null when the node has no URA configured: nobody to ask consent for, so nothing is sent */
    NodeImageConsent(ConsentService consent, Ura hospital, String institutionType) {
        this.consent = consent;
        this.hospital = hospital;
        this.institutionType = institutionType;
    }

    @Override
    public Verdict check(Bsn patient) {
        if (hospital == null) {
            return new Verdict(Kind.UNKNOWN_REQUESTER, "the hospital's URA is not configured"
                    + " (zorgbrug.audit.organisation-ura): consent cannot be asked, so nothing was sent");
        }
        CategoryDecision images = consent.decide(patient, Requester.organisation(hospital, institutionType),
                Purpose.IMAGE_AVAILABILITY, EnumSet.of(DataCategory.IMAGES)).categories().get(DataCategory.IMAGES);
        return switch (images.ground()) {
            case CONSENT, MITZ_PERMIT -> Verdict.permit();
            case MITZ_FAILED -> new Verdict(Kind.CONSENT_UNAVAILABLE, "Mitz could not be asked");
            case REFUSAL, NO_CONSENT, SHIELDED, MITZ_DENY, MITZ_NOT_APPLICABLE, MITZ_INDETERMINATE ->
                    new Verdict(Kind.NO_CONSENT, images.ground() + " for URA " + hospital.value());
        };
    }
}

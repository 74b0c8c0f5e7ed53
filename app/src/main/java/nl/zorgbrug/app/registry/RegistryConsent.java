package nl.zorgbrug.app.registry;

import java.util.EnumSet;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import nl.zorgbrug.audit.consent.CategoryDecision;
import nl.zorgbrug.audit.consent.ConsentDecision;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Purpose;
import nl.zorgbrug.audit.consent.Requester;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.service.AnswerConsent;

/**
 * The registry's consent check (issue 20 part 4) on the node's consent service: purpose image availability, category
 * images, for the organisation the authenticated caller acts for (zorgbrug.registry.requesters). The consent service
 * asks the register or Mitz's closed question and writes the CONSENT_DECISION to the audit trail before it answers.
 * A failure to ask (Mitz down) is told apart from a "no": both show nothing, but only one is "no consent".
 */
final class RegistryConsent implements AnswerConsent {
    private final ConsentService consent;
    private final Map<String, RegistryProperties.Requester> requesters;

    RegistryConsent(ConsentService consent, RegistryProperties properties) {
        this.consent = consent;
        this.requesters = properties.requesters().stream()
                .collect(Collectors.toUnmodifiableMap(RegistryProperties.Requester::user, Function.identity()));
    }

    @Override
    public Verdict check(Bsn patient) {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        RegistryProperties.Requester requester = who == null ? null : requesters.get(who.getName());
        if (requester == null) {
            return new Verdict(Kind.UNKNOWN_REQUESTER, "user " + (who == null ? "(none)" : who.getName())
                    + " has no organisation");
        }
        ConsentDecision decision = consent.decide(patient, Requester.organisation(new Ura(requester.ura()),
                requester.institutionType()), Purpose.IMAGE_AVAILABILITY, EnumSet.of(DataCategory.IMAGES));
        CategoryDecision images = decision.categories().get(DataCategory.IMAGES);
        return switch (images.ground()) {
            case CONSENT, MITZ_PERMIT -> Verdict.permit();
            case MITZ_FAILED -> new Verdict(Kind.CONSENT_UNAVAILABLE, "Mitz could not be asked");
            case REFUSAL, NO_CONSENT, SHIELDED, MITZ_DENY, MITZ_NOT_APPLICABLE, MITZ_INDETERMINATE ->
                    new Verdict(Kind.NO_CONSENT, "for URA " + requester.ura());
        };
    }
}

package nl.zorgbrug.audit.consent.mitz;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import nl.zorgbrug.audit.consent.CategoryDecision;
import nl.zorgbrug.audit.consent.ConsentRequest;
import nl.zorgbrug.audit.consent.ConsentSource;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.event.Ura;

/**
 * Consent from Mitz: Permit permits; Deny, NotApplicable, Indeterminate, a category Mitz did not answer, and every
 * failure (SOAP fault, HTTP error, time-out) deny (issue 17: "a Mitz failure means deny, audited, never allow").
 * Each category's ground says MITZ_FAILED and its
 * {@code reliedOn} carries the failure's kind and message, which the consent service writes to the trail.
 */
public final class MitzConsentSource implements ConsentSource {
    private final Mitz mitz;
    private final Ura holder;
    private final String holderType;

    /** @param holder the own organisation (the data's holder), {@code holderType} its institution type code */
    public MitzConsentSource(Mitz mitz, Ura holder, String holderType) {
        this.mitz = mitz;
        this.holder = holder;
        this.holderType = holderType;
    }

    @Override
    public Map<DataCategory, CategoryDecision> decide(ConsentRequest request, Set<DataCategory> categories,
                                                      Instant now) {
        Map<DataCategory, CategoryDecision> out = new EnumMap<>(DataCategory.class);
        if (categories.isEmpty()) {
            return out;
        }
        Map<DataCategory, Mitz.MitzDecision> answers;
        try {
            answers = mitz.ask(new Mitz.ClosedQuestion(request.patient(), holder, holderType, categories,
                    request.requester(), request.purpose()));
        } catch (MitzException e) {
            for (DataCategory c : categories) {
                out.put(c, CategoryDecision.of(c, CategoryDecision.Ground.MITZ_FAILED, e.kind() + ": " + e.getMessage()));
            }
            return out;
        }
        for (DataCategory c : categories) {
            Mitz.MitzDecision d = answers.get(c);
            CategoryDecision.Ground ground = d == null ? CategoryDecision.Ground.MITZ_INDETERMINATE : switch (d) {
                case PERMIT -> CategoryDecision.Ground.MITZ_PERMIT;
                case DENY -> CategoryDecision.Ground.MITZ_DENY;
                case NOT_APPLICABLE -> CategoryDecision.Ground.MITZ_NOT_APPLICABLE;
                case INDETERMINATE -> CategoryDecision.Ground.MITZ_INDETERMINATE;
            };
            out.put(c, CategoryDecision.of(c, ground, "Mitz"));
        }
        return out;
    }
}

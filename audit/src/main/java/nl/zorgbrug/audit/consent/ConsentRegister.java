package nl.zorgbrug.audit.consent;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in register: per category the most recently recorded consent that applies (purpose, scope, category,
 * period, not withdrawn) decides; a permission permits, a refusal denies; none denies.
 */
public final class ConsentRegister implements ConsentSource {
    private final ConsentStore store;

    public ConsentRegister(ConsentStore store) {
        this.store = store;
    }

    @Override
    public Map<DataCategory, CategoryDecision> decide(ConsentRequest request, Set<DataCategory> categories,
                                                      Instant now) {
        List<ConsentRecord> records = store.consents(request.patient());
        Map<DataCategory, CategoryDecision> out = new EnumMap<>(DataCategory.class);
        for (DataCategory category : categories) {
            ConsentRecord latest = null;
            for (ConsentRecord r : records) {
                if (r.appliesTo(request.purpose(), request.requester(), category, now)
                        && (latest == null || !r.recording().at().isBefore(latest.recording().at()))) {
                    latest = r;
                }
            }
            out.put(category, latest == null ? CategoryDecision.of(category, CategoryDecision.Ground.NO_CONSENT, null)
                    : CategoryDecision.of(category, latest.permits() ? CategoryDecision.Ground.CONSENT
                    : CategoryDecision.Ground.REFUSAL, latest.id()));
        }
        return out;
    }
}

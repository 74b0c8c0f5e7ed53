package nl.zorgbrug.bgz.takeover;

import java.util.Set;

import nl.zorgbrug.audit.consent.DataCategory;

/**
 * Zibs that state how the patient is now (tobacco, alcohol and drug use, the living situation): two of the same zib
 * are about the same fact, so the same value is a suspected duplicate and another value a conflict (FO BgZ MSZ: e.g.
 * "smoking: yes" against "smoking: no", both shown for the clinician to decide).
 */
public final class StateByZib implements SuspectedDuplicateRule {
    private static final Set<DataCategory> STATES = Set.of(DataCategory.TOBACCO_USE, DataCategory.ALCOHOL_USE,
            DataCategory.DRUG_USE, DataCategory.LIVING_SITUATION);

    @Override
    public String name() {
        return "the patient's current state (one per zib)";
    }

    @Override
    public Set<String> keys(Zib zib) {
        return zib.category() != null && STATES.contains(zib.category()) ? Set.of("state|" + zib.category())
                : Set.of();
    }
}

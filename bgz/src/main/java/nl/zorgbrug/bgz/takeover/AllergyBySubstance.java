package nl.zorgbrug.bgz.takeover;

import java.util.Set;

import org.hl7.fhir.dstu3.model.AllergyIntolerance;

/** FO BgZ MSZ, suspected duplicates: an allergy or intolerance to the same causative substance. */
public final class AllergyBySubstance implements SuspectedDuplicateRule {
    @Override
    public String name() {
        return "allergy by causative substance";
    }

    @Override
    public Set<String> keys(Zib zib) {
        if (!(zib.resource() instanceof AllergyIntolerance a)) {
            return Set.of();
        }
        return Facts.codes(a.getCode());
    }
}

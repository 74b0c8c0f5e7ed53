package nl.zorgbrug.bgz.takeover;

import java.util.Set;

import org.hl7.fhir.dstu3.model.Observation;

/**
 * FO BgZ MSZ, suspected duplicates: a laboratory result with the same test code and date-time from the same source.
 * The same code at the same moment from another source is another determination (another laboratory), not a copy.
 */
public final class LabResultByCodeTimeAndSource implements SuspectedDuplicateRule {
    static final String LAB_CATEGORY = "http://snomed.info/sct|49581000146104";

    @Override
    public String name() {
        return "laboratory result by test code and date-time from the same source";
    }

    @Override
    public Set<String> keys(Zib zib) {
        if (!(zib.resource() instanceof Observation o) || !isLab(o)) {
            return Set.of();
        }
        return Facts.with(Facts.with(Facts.codes(o.getCode()), Facts.dateTime(o.getEffective())), zib.source());
    }

    static boolean isLab(Observation o) {
        return o.getCategory().stream().anyMatch(c -> Facts.codes(c).contains(LAB_CATEGORY))
                || o.getMeta().getProfile().stream().anyMatch(p -> p.getValue().contains("LaboratoryTestResult"));
    }
}

package nl.zorgbrug.bgz.takeover;

import java.util.Set;

import nl.zorgbrug.audit.consent.DataCategory;
import org.hl7.fhir.dstu3.model.Observation;

/** FO BgZ MSZ, suspected duplicates: a vital sign (blood pressure, weight, height) with the same code and date-time. */
public final class VitalSignByCodeAndTime implements SuspectedDuplicateRule {
    private static final Set<DataCategory> VITAL = Set.of(DataCategory.BLOOD_PRESSURE, DataCategory.BODY_WEIGHT,
            DataCategory.BODY_HEIGHT);

    @Override
    public String name() {
        return "vital sign by code and date-time";
    }

    @Override
    public Set<String> keys(Zib zib) {
        if (!(zib.resource() instanceof Observation o) || !VITAL.contains(zib.category())) {
            return Set.of();
        }
        return Facts.with(Facts.codes(o.getCode()), Facts.dateTime(o.getEffective()));
    }
}

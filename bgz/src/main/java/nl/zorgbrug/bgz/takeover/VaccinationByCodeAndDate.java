package nl.zorgbrug.bgz.takeover;

import java.util.Set;

import org.hl7.fhir.dstu3.model.Immunization;

/** FO BgZ MSZ, suspected duplicates: a vaccination with the same vaccine code on the same day. */
public final class VaccinationByCodeAndDate implements SuspectedDuplicateRule {
    @Override
    public String name() {
        return "vaccination by code and date";
    }

    @Override
    public Set<String> keys(Zib zib) {
        if (!(zib.resource() instanceof Immunization i)) {
            return Set.of();
        }
        return Facts.with(Facts.codes(i.getVaccineCode()), Facts.day(i.getDateElement()));
    }
}

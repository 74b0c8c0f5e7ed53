package nl.zorgbrug.bgz.takeover;

import java.util.Set;

import org.hl7.fhir.dstu3.model.Procedure;

/** FO BgZ MSZ, suspected duplicates: a procedure with the same SNOMED CT code on the same day. */
public final class ProcedureByCodeAndDate implements SuspectedDuplicateRule {
    static final String SNOMED = "http://snomed.info/sct";

    @Override
    public String name() {
        return "procedure by SNOMED code and date";
    }

    @Override
    public Set<String> keys(Zib zib) {
        if (!(zib.resource() instanceof Procedure p)) {
            return Set.of();
        }
        return Facts.with(Facts.codes(p.getCode(), SNOMED), Facts.day(p.getPerformed()));
    }
}

package nl.zorgbrug.bgz.takeover;

import java.util.LinkedHashSet;
import java.util.Set;

import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Medication;
import org.hl7.fhir.dstu3.model.MedicationDispense;
import org.hl7.fhir.dstu3.model.MedicationRequest;
import org.hl7.fhir.dstu3.model.MedicationStatement;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.dstu3.model.Type;

/**
 * FO BgZ MSZ, suspected duplicates: medication (an agreement, an administration agreement, a use) of the same product,
 * compared within one zib (an agreement with an agreement). The product is the coded medication or the code of the
 * Medication it references (zib PharmaceuticalProduct: a G-standard or other code).
 */
public final class MedicationByProduct implements SuspectedDuplicateRule {
    @Override
    public String name() {
        return "medication by product";
    }

    @Override
    public Set<String> keys(Zib zib) {
        Resource r = zib.resource();
        Type medication = r instanceof MedicationRequest m ? m.getMedication()
                : r instanceof MedicationDispense m ? m.getMedication()
                : r instanceof MedicationStatement m ? m.getMedication() : null;
        if (medication == null) {
            return Set.of();
        }
        CodeableConcept product = null;
        if (medication instanceof CodeableConcept cc) {
            product = cc;
        } else if (medication instanceof Reference ref && zib.resolve(ref) instanceof Medication m) {
            product = m.getCode();
        }
        Set<String> out = new LinkedHashSet<>();
        Facts.codes(product).forEach(c -> out.add(r.fhirType() + ":" + c));
        return out;
    }
}

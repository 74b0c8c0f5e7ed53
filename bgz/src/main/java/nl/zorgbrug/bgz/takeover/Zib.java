package nl.zorgbrug.bgz.takeover;

import java.util.Objects;
import java.util.function.Function;

import nl.zorgbrug.audit.consent.DataCategory;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * One zib as reconciliation compares it: where it is ({@code Type/id}, in the own record or at the source), which zib,
 * the resource, the institution it comes from ({@link #OWN} for what the own EPD recorded) and how to read a resource
 * it references (a Device behind a DeviceUseStatement, a Medication behind a MedicationStatement).
 */
public record Zib(String reference, DataCategory category, Resource resource, String source,
                  Function<Reference, Resource> resolver) {
    /** The source of what the own EPD recorded. */
    public static final String OWN = "own";

    public Zib {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(source, "source");
        resolver = resolver == null ? r -> null : resolver;
    }

    /** The referenced resource, or null when it is not at hand. */
    public Resource resolve(Reference reference) {
        return reference == null || reference.isEmpty() ? null : resolver.apply(reference);
    }
}

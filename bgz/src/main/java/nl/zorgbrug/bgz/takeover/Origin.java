package nl.zorgbrug.bgz.takeover;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.DateTimeType;
import org.hl7.fhir.dstu3.model.Extension;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.dstu3.model.DomainResource;
import org.hl7.fhir.dstu3.model.StringType;
import org.hl7.fhir.dstu3.model.CodeType;
import org.hl7.fhir.dstu3.model.UriType;

/**
 * Where a taken-over zib came from (Nictiz, FO BgZ MSZ, "Hergebruik": a taken-over zib keeps its structure and codes
 * and carries its source institution, a date-time, its persistent identifier, or the document's when it has none,
 * and the responsible clinician where the zib names one), written on the resource itself so that it travels with it
 * wherever the own record serves it: a {@code meta.tag} that marks it external (any FHIR client can filter on it) and
 * an extension with the metadata. zib2017 has no element for this (BgZ MSZ 2.0 puts zib-level metadata in a separate
 * Provenance, which would not travel with the resource); the extension is ours, named below.
 *
 * @param sourceItem   the zib at the source, as an absolute URL ({@code [base]/Type/id})
 * @param identifier   the zib's persistent identifier {@code system|value}, or the document's when the zib has none
 * @param ofDocument   true when {@code identifier} is the document's (the received BgZ), not the zib's
 * @param responsible  the responsible clinician as the zib names them, or null
 */
public record Origin(String sourceName, String sourceUra, String sourceItem, String identifier, boolean ofDocument,
                     Instant received, Instant takenOver, String takenOverBy, Reference responsible,
                     String receivedBgz) {
    public static final String TAG_SYSTEM = "https://zorgbrug.nl/fhir/CodeSystem/origin";
    public static final String TAG_EXTERNAL = "external";
    public static final String EXTENSION = "https://zorgbrug.nl/fhir/StructureDefinition/external-origin";
    static final String URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura";

    /** Marks the resource external and writes this origin on it (replacing an earlier one). */
    public void writeOn(DomainResource r) {
        r.getMeta().getTag().removeIf(c -> TAG_SYSTEM.equals(c.getSystem()));
        r.getMeta().addTag(new Coding(TAG_SYSTEM, TAG_EXTERNAL, "extern: overgenomen van " + sourceName));
        r.getExtension().removeIf(e -> EXTENSION.equals(e.getUrl()));
        Extension e = r.addExtension().setUrl(EXTENSION);
        Reference source = new Reference().setDisplay(sourceName);
        if (sourceUra != null) {
            source.setIdentifier(new Identifier().setSystem(URA_SYSTEM).setValue(sourceUra));
        }
        e.addExtension("source", source);
        e.addExtension("sourceItem", new UriType(sourceItem));
        int bar = identifier.indexOf('|');
        e.addExtension("identifier", bar < 0 ? new Identifier().setValue(identifier)
                : new Identifier().setSystem(identifier.substring(0, bar)).setValue(identifier.substring(bar + 1)));
        e.addExtension("identifierOf", new CodeType(ofDocument ? "document" : "zib"));
        e.addExtension("received", new DateTimeType(Date.from(received)));
        e.addExtension("takenOver", new DateTimeType(Date.from(takenOver)));
        e.addExtension("takenOverBy", new StringType(takenOverBy));
        if (responsible != null) {
            e.addExtension("responsible", responsible);
        }
        e.addExtension("receivedBgz", new StringType(receivedBgz));
    }

    /** The origin written on a resource, if it is a taken-over one. */
    public static Optional<Origin> of(Resource resource) {
        if (!(resource instanceof DomainResource r)) {
            return Optional.empty();
        }
        Extension e = r.getExtensionByUrl(EXTENSION);
        if (e == null) {
            return Optional.empty();
        }
        Reference source = (Reference) value(e, "source");
        Identifier id = (Identifier) value(e, "identifier");
        return Optional.of(new Origin(source == null ? "" : source.getDisplay(),
                source == null || !source.hasIdentifier() ? null : source.getIdentifier().getValue(),
                text(e, "sourceItem"), id == null ? "" : (id.hasSystem() ? id.getSystem() + "|" : "") + id.getValue(),
                "document".equals(text(e, "identifierOf")), instant(e, "received"), instant(e, "takenOver"),
                text(e, "takenOverBy"), (Reference) value(e, "responsible"), text(e, "receivedBgz")));
    }

    /** Whether a resource is marked external. */
    public static boolean isExternal(Resource r) {
        return r.getMeta().getTag().stream().anyMatch(c -> TAG_SYSTEM.equals(c.getSystem())
                && TAG_EXTERNAL.equals(c.getCode()));
    }

    private static org.hl7.fhir.dstu3.model.Type value(Extension e, String url) {
        Extension sub = e.getExtensionByUrl(url);
        return sub == null ? null : sub.getValue();
    }

    private static String text(Extension e, String url) {
        org.hl7.fhir.dstu3.model.Type v = value(e, url);
        return v instanceof org.hl7.fhir.dstu3.model.PrimitiveType<?> p ? p.getValueAsString() : null;
    }

    private static Instant instant(Extension e, String url) {
        org.hl7.fhir.dstu3.model.Type v = value(e, url);
        return v instanceof DateTimeType d && d.getValue() != null ? d.getValue().toInstant() : null;
    }
}

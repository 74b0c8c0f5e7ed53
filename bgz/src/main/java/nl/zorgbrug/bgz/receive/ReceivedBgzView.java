package nl.zorgbrug.bgz.receive;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.bgz.access.Zibs;
import org.hl7.fhir.dstu3.model.Base;
import org.hl7.fhir.dstu3.model.Bundle;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.HumanName;
import org.hl7.fhir.dstu3.model.Period;
import org.hl7.fhir.dstu3.model.PrimitiveType;
import org.hl7.fhir.dstu3.model.Property;
import org.hl7.fhir.dstu3.model.Quantity;
import org.hl7.fhir.dstu3.model.Reference;
import org.hl7.fhir.dstu3.model.Resource;
import org.hl7.fhir.dstu3.model.UriType;

/**
 * A received BgZ as a person reads it (issue 19, Verwerkend, "View: the console shows every zib of a received BgZ as
 * text, grouped by the BgZ sections, from the structured data, with the source"): per zib, in the order of the BgZ
 * sections, each item's description, value, date and status as the source wrote them, and the queries that failed.
 * Resources that are no zib of their own (an Organization, a Medication product) are counted, not listed: they are
 * shown through the zib that names them. Nothing is taken over by viewing.
 */
public record ReceivedBgzView(ReceivedBgz.Summary summary, List<Section> sections, List<ReceivedQuery> failures,
                              int notZibs) {

    /** The items of one zib. */
    public record Section(DataCategory category, List<Item> items) {
    }

    /**
     * One item: its reference at the source ({@code Type/id}), what it is, its value, its date (as the source wrote
     * it, with its own offset), its status; a part is empty when the resource does not say it.
     */
    public record Item(String reference, String what, String value, String date, String status) {
    }

    private static final List<String> WHAT = List.of("code", "vaccineCode", "medicationCodeableConcept",
            "medicationReference", "type", "category", "description", "name", "beneficiary", "payor", "participant",
            "item");
    private static final List<String> VALUE = List.of("value[x]", "component", "reaction", "provision", "note");
    private static final List<String> DATE = List.of("effective[x]", "onset[x]", "performed[x]", "occurrence[x]",
            "period", "date", "assertedDate", "authoredOn", "dateWritten", "dateTime", "birthDate", "issued");
    private static final List<String> STATUS = List.of("clinicalStatus", "status", "verificationStatus");

    public static ReceivedBgzView of(ReceivedBgz received, FhirContext stu3) {
        Map<String, Resource> resources = new LinkedHashMap<>();
        for (ReceivedQuery q : received.queries()) {
            if (q.bundleJson() == null) {
                continue;
            }
            Bundle b = (Bundle) stu3.newJsonParser().parseResource(q.bundleJson());
            for (Bundle.BundleEntryComponent e : b.getEntry()) {
                if (e.getResource() != null && !"Provenance".equals(e.getResource().fhirType())) {
                    resources.putIfAbsent(e.getResource().fhirType() + "/" + e.getResource().getIdElement()
                            .getIdPart(), e.getResource());
                }
            }
        }
        Map<DataCategory, List<Item>> byZib = new EnumMap<>(DataCategory.class);
        int notZibs = 0;
        for (Map.Entry<String, Resource> e : resources.entrySet()) {
            Resource r = e.getValue();
            DataCategory c = Zibs.category(r.getMeta().getProfile().stream().map(UriType::getValue).toList());
            if (c == null) {
                notZibs++;
                continue;
            }
            byZib.computeIfAbsent(c, k -> new ArrayList<>()).add(new Item(e.getKey(), first(r, WHAT), first(r, VALUE),
                    first(r, DATE), first(r, STATUS)));
        }
        List<Section> sections = new ArrayList<>();
        byZib.forEach((c, items) -> sections.add(new Section(c, List.copyOf(items))));
        return new ReceivedBgzView(received.summary(), List.copyOf(sections), received.failed(), notZibs);
    }

    /** The text of the first of {@code names} the resource has a value for, or "". */
    private static String first(Resource r, List<String> names) {
        for (String name : names) {
            Property p = r.getChildByName(name);
            if (p == null || !p.hasValues()) {
                continue;
            }
            List<String> texts = new ArrayList<>();
            for (Base v : p.getValues()) {
                String t = text(v);
                if (!t.isBlank()) {
                    texts.add(t);
                }
            }
            if (!texts.isEmpty()) {
                return String.join("; ", texts);
            }
        }
        return "";
    }

    private static String text(Base v) {
        if (v instanceof CodeableConcept cc) {
            if (cc.hasText()) {
                return cc.getText();
            }
            return cc.getCoding().stream().map(ReceivedBgzView::coding).filter(s -> !s.isBlank()).findFirst()
                    .orElse("");
        }
        if (v instanceof Coding c) {
            return coding(c);
        }
        if (v instanceof Quantity q) {
            return (q.hasValue() ? q.getValue().toPlainString() : "") + (q.hasUnit() ? " " + q.getUnit() : "");
        }
        if (v instanceof Reference ref) {
            return ref.hasDisplay() ? ref.getDisplay() : "";
        }
        if (v instanceof HumanName n) {
            return n.hasText() ? n.getText() : (n.getGivenAsSingleString() + " " + n.getFamily()).strip();
        }
        if (v instanceof Period p) {
            return (p.hasStart() ? p.getStartElement().getValueAsString() : "")
                    + (p.hasEnd() ? " – " + p.getEndElement().getValueAsString() : "");
        }
        if (v instanceof PrimitiveType<?> prim) {
            return prim.hasValue() ? prim.getValueAsString() : "";
        }
        // A backbone element (a component, a reaction): the text of its own parts, in order.
        List<String> parts = new ArrayList<>();
        for (String child : List.of("code", "substance", "manifestation", "role", "member", "value[x]", "text",
                "description")) {
            Property p = v.getChildByName(child);
            if (p != null) {
                for (Base b : p.getValues()) {
                    String t = text(b);
                    if (!t.isBlank()) {
                        parts.add(t);
                    }
                }
            }
        }
        return String.join(" ", parts);
    }

    private static String coding(Coding c) {
        return c.hasDisplay() ? c.getDisplay() : c.hasCode() ? c.getCode() : "";
    }
}

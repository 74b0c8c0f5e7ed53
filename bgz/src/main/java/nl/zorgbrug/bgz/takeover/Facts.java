package nl.zorgbrug.bgz.takeover;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.hl7.fhir.dstu3.model.BaseDateTimeType;
import org.hl7.fhir.dstu3.model.BooleanType;
import org.hl7.fhir.dstu3.model.CodeableConcept;
import org.hl7.fhir.dstu3.model.Coding;
import org.hl7.fhir.dstu3.model.Period;
import org.hl7.fhir.dstu3.model.Quantity;
import org.hl7.fhir.dstu3.model.PrimitiveType;
import org.hl7.fhir.dstu3.model.Type;

/** The parts of a zib the reconciliation rules compare, read the same way for every rule. */
final class Facts {
    private Facts() {
    }

    /** Every coding of a concept as {@code system|code} (a concept may carry a code in several systems). */
    static Set<String> codes(CodeableConcept concept) {
        Set<String> out = new LinkedHashSet<>();
        if (concept != null) {
            for (Coding c : concept.getCoding()) {
                if (c.hasSystem() && c.hasCode()) {
                    out.add(c.getSystem() + "|" + c.getCode());
                }
            }
        }
        return out;
    }

    /** The codings of a concept in one system only (e.g. SNOMED CT for a procedure). */
    static Set<String> codes(CodeableConcept concept, String system) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : codes(concept)) {
            if (c.startsWith(system + "|")) {
                out.add(c);
            }
        }
        return out;
    }

    /** The day of a date, dateTime or a period's start ({@code yyyy-MM-dd}, or less when the source gave less); null when none. */
    static String day(Type when) {
        String s = dateTime(when);
        return s == null ? null : s.length() > 10 ? s.substring(0, 10) : s;
    }

    /**
     * A date-time as the source wrote it, normalised to UTC when it has a time (two institutions may write the same
     * moment with other offsets); a period counts by its start. Null when none.
     */
    static String dateTime(Type when) {
        BaseDateTimeType dt = null;
        if (when instanceof BaseDateTimeType d) {
            dt = d;
        } else if (when instanceof Period p && p.hasStart()) {
            dt = p.getStartElement();
        }
        if (dt == null || !dt.hasValue()) {
            return null;
        }
        String text = dt.getValueAsString();
        return text.contains("T") ? dt.getValue().toInstant().toString() : text;
    }

    /** Each key prefixed with a second part, e.g. a code with its date: {@code code@date}. */
    static Set<String> with(Set<String> keys, String part) {
        Set<String> out = new LinkedHashSet<>();
        if (part != null) {
            keys.forEach(k -> out.add(k + "@" + part));
        }
        return out;
    }

    /**
     * The value of a zib as a comparable text: the codes of a coded value (sorted), a quantity's value and unit, or a
     * primitive as written; null when it has none. Conflicts are decided on this.
     */
    static String value(Type value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value instanceof CodeableConcept cc) {
            Set<String> codes = new TreeSet<>(codes(cc));
            return codes.isEmpty() ? cc.getText() : String.join(",", codes);
        }
        if (value instanceof Quantity q) {
            return (q.hasValue() ? q.getValue().stripTrailingZeros().toPlainString() : "") + " "
                    + (q.hasCode() ? q.getCode() : q.hasUnit() ? q.getUnit() : "");
        }
        if (value instanceof BooleanType b) {
            return String.valueOf(b.getValue());
        }
        if (value instanceof PrimitiveType<?> p) {
            return p.getValueAsString();
        }
        return null;
    }

    /** The display text of a value for a person (the first display, else the code or text). */
    static String display(Type value) {
        if (value instanceof CodeableConcept cc) {
            if (cc.hasText()) {
                return cc.getText();
            }
            List<String> shown = new ArrayList<>();
            for (Coding c : cc.getCoding()) {
                shown.add(c.hasDisplay() ? c.getDisplay() : c.getCode());
            }
            return shown.isEmpty() ? "" : shown.get(0);
        }
        if (value instanceof Quantity q) {
            return (q.hasValue() ? q.getValue().toPlainString() : "") + (q.hasUnit() ? " " + q.getUnit() : "");
        }
        String v = value(value);
        return v == null ? "" : v;
    }
}

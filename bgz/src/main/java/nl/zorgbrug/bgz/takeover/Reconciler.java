package nl.zorgbrug.bgz.takeover;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.Observation;
import org.hl7.fhir.dstu3.model.Property;
import org.hl7.fhir.dstu3.model.Base;

/**
 * Reconciliation of received zibs with the own record (Nictiz, FO BgZ MSZ, "Hergebruik van gegevens"), in this order:
 * <ol>
 * <li><b>duplicate</b>: the zib's persistent identifier (a business identifier {@code system|value}) is one the own
 * record holds, or it is the same item of the same source that was taken over before (the source's absolute URL of
 * it: the BgZ store keeps logical ids, so that is how a zib without an identifier is recognised on a second pull);
 * also a zib that comes twice in one BgZ. Shown once, never taken over twice;</li>
 * <li><b>conflict</b> or <b>suspected duplicate</b>: by the FO's table ({@link #FO_TABLE}), when no identifier says
 * it; the same fact with another value (an observation's value) is a conflict, both values shown side by side;</li>
 * <li>otherwise <b>new</b>.</li>
 * </ol>
 */
public final class Reconciler {
    /** The FO's table of suspected duplicates, and the zibs that state the patient's current state. */
    public static final List<SuspectedDuplicateRule> FO_TABLE = List.of(new ProcedureByCodeAndDate(),
            new VaccinationByCodeAndDate(), new DeviceByUdiOrSerial(), new LabResultByCodeTimeAndSource(),
            new VitalSignByCodeAndTime(), new AllergyBySubstance(), new MedicationByProduct(), new StateByZib());

    private final List<SuspectedDuplicateRule> rules;

    public Reconciler() {
        this(FO_TABLE);
    }

    public Reconciler(List<SuspectedDuplicateRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** One match per incoming zib, in their order. */
    public List<Match> reconcile(List<Zib> own, List<Zib> incoming) {
        Map<String, Zib> ownByIdentity = new HashMap<>();
        for (Zib o : own) {
            identity(o).forEach(k -> ownByIdentity.putIfAbsent(k, o));
        }
        List<Map<String, Zib>> ownByRule = new ArrayList<>();
        for (SuspectedDuplicateRule rule : rules) {
            Map<String, Zib> byKey = new HashMap<>();
            for (Zib o : own) {
                rule.keys(o).forEach(k -> byKey.putIfAbsent(k, o));
            }
            ownByRule.add(byKey);
        }
        Set<String> seen = new HashSet<>();
        List<Match> out = new ArrayList<>();
        for (Zib z : incoming) {
            out.add(classify(z, ownByIdentity, ownByRule, seen));
        }
        return out;
    }

    private Match classify(Zib z, Map<String, Zib> ownByIdentity, List<Map<String, Zib>> ownByRule,
                           Set<String> seen) {
        Set<String> ids = identity(z);
        for (String k : ids) {
            Zib o = ownByIdentity.get(k);
            if (o != null) {
                return new Match(z, Verdict.DUPLICATE, o, null, null, null);
            }
        }
        boolean twice = ids.stream().anyMatch(seen::contains);
        seen.addAll(ids);
        if (twice) {
            return new Match(z, Verdict.DUPLICATE, null, null, null, null);
        }
        for (int i = 0; i < rules.size(); i++) {
            for (String k : rules.get(i).keys(z)) {
                Zib o = ownByRule.get(i).get(k);
                if (o == null) {
                    continue;
                }
                String theirs = value(z);
                String ours = value(o);
                boolean conflict = theirs != null && ours != null && !theirs.equals(ours);
                return new Match(z, conflict ? Verdict.CONFLICT : Verdict.SUSPECTED_DUPLICATE, o,
                        rules.get(i).name(), display(o), display(z));
            }
        }
        return Match.fresh(z);
    }

    /**
     * What identifies a zib across institutions: its business identifiers; for a zib received, its absolute URL at
     * the source; for one taken over before, the identifier and source URL its origin records.
     */
    static Set<String> identity(Zib z) {
        Set<String> out = new LinkedHashSet<>();
        Property p = z.resource().getChildByName("identifier");
        if (p != null) {
            for (Base b : p.getValues()) {
                if (b instanceof Identifier i && i.hasSystem() && i.hasValue()) {
                    out.add(i.getSystem() + "|" + i.getValue());
                }
            }
        }
        Origin.of(z.resource()).ifPresentOrElse(o -> {
            if (!o.ofDocument() && !o.identifier().isEmpty()) {
                out.add(o.identifier());
            }
            if (o.sourceItem() != null) {
                out.add(o.sourceItem());
            }
        }, () -> {
            if (z.reference().contains("://")) {
                out.add(z.reference());
            }
        });
        return out;
    }

    /** The value a conflict is decided on: an observation's value; null for zibs without one. */
    static String value(Zib z) {
        return z.resource() instanceof Observation o ? Facts.value(o.getValue()) : null;
    }

    private static String display(Zib z) {
        return z.resource() instanceof Observation o && o.hasValue() ? Facts.display(o.getValue()) : "";
    }
}

package nl.zorgbrug.compliance.tally;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import nl.zorgbrug.bsn.classify.Verdict;

/**
 * The outcome of a history scan: objects and studies per verdict, coverage per year of study date and per modality
 * (a study with several modalities counts under each), the studies without a correct BSN (the remediation list) and
 * the files that could not be counted, each with its reason.
 */
public record ScanSummary(Map<Verdict, Long> objectsByVerdict, Map<Verdict, Long> studiesByVerdict,
                          Map<String, Coverage> byYear, Map<String, Coverage> byModality,
                          List<RemediationEntry> remediation, List<ObjectResult.Unreadable> unreadable) {
    /** The group of objects and studies without (0008,0060) Modality. */
    public static final String UNKNOWN_MODALITY = "unknown";

    public ScanSummary {
        objectsByVerdict = complete(objectsByVerdict);
        studiesByVerdict = complete(studiesByVerdict);
        byYear = Collections.unmodifiableMap(new TreeMap<>(byYear));
        byModality = Collections.unmodifiableMap(new TreeMap<>(byModality));
        remediation = List.copyOf(remediation);
        unreadable = List.copyOf(unreadable);
    }

    /** Every verdict, zero where none was seen, so a report always shows all of them. */
    private static Map<Verdict, Long> complete(Map<Verdict, Long> counts) {
        EnumMap<Verdict, Long> all = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            all.put(v, counts.getOrDefault(v, 0L));
        }
        return Collections.unmodifiableMap(all);
    }

    public long objects() {
        return objectsByVerdict.values().stream().mapToLong(Long::longValue).sum();
    }

    public long studies() {
        return studiesByVerdict.values().stream().mapToLong(Long::longValue).sum();
    }

    /** All studies: correct, exempt and the rest. */
    public Coverage overall() {
        long exempt = studiesByVerdict.entrySet().stream().filter(e -> e.getKey().exempt()).mapToLong(Map.Entry::getValue).sum();
        return new Coverage(studies(), studiesByVerdict.get(Verdict.CORRECT), exempt);
    }

    /** How many studies of the remediation list the export swap would fix on the way out, and how many need a person. */
    public Map<Fix, Long> remediationByFix() {
        EnumMap<Fix, Long> byFix = new EnumMap<>(Fix.class);
        for (RemediationEntry r : remediation) {
            byFix.merge(r.fix(), 1L, Long::sum);
        }
        return Collections.unmodifiableMap(byFix);
    }
}

package nl.zorgbrug.bgz.takeover;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A received BgZ's zibs reconciled with the own record of its patient, before anything is taken over: what the
 * console shows beside each item. {@code ownPatient} is the logical id of the patient in the own record, null when
 * the own record does not hold the patient yet (taking over then starts it with the received Patient).
 */
public record Review(List<Match> matches, String ownPatient) {
    public Review {
        matches = List.copyOf(matches);
    }

    /** The matches by the item's reference at the source ({@code Type/id}). */
    public Map<String, Match> bySourceReference() {
        Map<String, Match> out = new LinkedHashMap<>();
        matches.forEach(m -> out.put(Selection.relative(m.incoming().reference()), m));
        return out;
    }

    public long count(Verdict verdict) {
        return matches.stream().filter(m -> m.verdict() == verdict).count();
    }
}

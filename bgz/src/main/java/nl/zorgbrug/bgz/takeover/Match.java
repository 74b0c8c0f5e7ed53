package nl.zorgbrug.bgz.takeover;

import java.util.Objects;

/**
 * Reconciliation's answer for one received zib: the verdict, the own zib it matches (null for {@link Verdict#NEW}, and
 * for a zib that came twice in one BgZ), the rule that matched (null for a duplicate by identifier) and, for a
 * conflict, both values side by side as a person reads them.
 */
public record Match(Zib incoming, Verdict verdict, Zib own, String rule, String ownValue, String incomingValue) {
    public Match {
        Objects.requireNonNull(incoming, "incoming");
        Objects.requireNonNull(verdict, "verdict");
    }

    static Match fresh(Zib incoming) {
        return new Match(incoming, Verdict.NEW, null, null, null, null);
    }

    /** Whether taking over needs the clinician's decision on this item (a suspected duplicate or a conflict). */
    public boolean needsDecision() {
        return verdict == Verdict.SUSPECTED_DUPLICATE || verdict == Verdict.CONFLICT;
    }
}

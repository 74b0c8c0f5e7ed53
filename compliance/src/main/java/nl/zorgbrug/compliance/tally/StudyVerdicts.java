package nl.zorgbrug.compliance.tally;

import nl.zorgbrug.bsn.classify.Verdict;

/**
 * A study's verdict from its objects' (issue 18: "a study counts as correct only when all its objects are"): CORRECT
 * when every object is; otherwise the first other verdict present in {@link Verdict}'s declaration order, which
 * lists the wrong placements before NO_BSN and the exemptions last, so one wrong object outweighs exempt ones and a
 * study is exempt only when nothing in it is wrong.
 */
public final class StudyVerdicts {
    private StudyVerdicts() {
    }

    /** The bit of a verdict in a set kept as an int (nine verdicts). */
    public static int bit(Verdict v) {
        return 1 << v.ordinal();
    }

    public static Verdict of(int verdictBits) {
        if (verdictBits == 0) {
            throw new IllegalArgumentException("a study has at least one object");
        }
        int others = verdictBits & ~bit(Verdict.CORRECT);
        if (others == 0) {
            return Verdict.CORRECT;
        }
        return Verdict.values()[Integer.numberOfTrailingZeros(others)];
    }
}

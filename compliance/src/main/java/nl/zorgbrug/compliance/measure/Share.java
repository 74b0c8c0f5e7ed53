package nl.zorgbrug.compliance.measure;

/**
 * Studies in one group and how many carry the BSN correctly; exempt studies are counted apart and left out of the
 * denominator: share = correct / (studies - exempt).
 */
public record Share(long studies, long correct, long exempt) {
    /** The campaign's line: at 95 % or more the receiving side can automate import. */
    public static final double TARGET = 95.0;
    public static final Share EMPTY = new Share(0, 0, 0);

    public Share {
        if (studies < 0 || correct < 0 || exempt < 0 || correct + exempt > studies) {
            throw new IllegalArgumentException("share of " + correct + " correct + " + exempt + " exempt of " + studies);
        }
    }

    public long counted() {
        return studies - exempt;
    }

    /** In percent, NaN when nothing counts (an empty period is no 0 %). */
    public double percent() {
        return counted() == 0 ? Double.NaN : 100.0 * correct / counted();
    }

    /** Below the 95 % line; an empty group is not flagged. */
    public boolean belowTarget() {
        return counted() > 0 && percent() < TARGET;
    }

    Share plus(MeasuredStudy s) {
        return new Share(studies + 1, correct + (s.counts() && s.verdict() == nl.zorgbrug.bsn.classify.Verdict.CORRECT ? 1 : 0),
                exempt + (s.exempt() ? 1 : 0));
    }
}

package nl.zorgbrug.compliance.tally;

/**
 * Studies in one group (a year of study date, a modality) and how many of them carry the BSN correctly. Exempt
 * studies (newborn, a configured rule) are shown apart and left out of the denominator, as the campaign counts.
 */
public record Coverage(long studies, long correct, long exempt) {
    public Coverage {
        if (studies < 0 || correct < 0 || exempt < 0 || correct + exempt > studies) {
            throw new IllegalArgumentException("coverage " + correct + " correct + " + exempt + " exempt of " + studies);
        }
    }

    public static final Coverage EMPTY = new Coverage(0, 0, 0);

    /** The studies that count: all but the exempt ones. */
    public long counted() {
        return studies - exempt;
    }

    /** Share CORRECT of the counted studies in percent, or NaN when none counts. */
    public double correctShare() {
        return counted() == 0 ? Double.NaN : 100.0 * correct / counted();
    }

    Coverage plus(Coverage other) {
        return new Coverage(studies + other.studies, correct + other.correct, exempt + other.exempt);
    }
}

package nl.zorgbrug.bgz.takeover;

import java.util.List;

/**
 * What one take-over did: the references of the zibs stored in the own record ({@code Type/id} there), and of the
 * selected ones it left, by verdict (duplicates; suspected duplicates and conflicts without the clinician's decision).
 */
public record Outcome(List<String> taken, int companions, int duplicates, int undecided) {
    public Outcome {
        taken = List.copyOf(taken);
    }
}

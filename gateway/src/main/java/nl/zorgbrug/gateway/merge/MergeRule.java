package nl.zorgbrug.gateway.merge;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import nl.zorgbrug.gateway.job.JobState;

/**
 * What a merge of two patients does to a job of the prior number, and which number a merged one now is.
 *
 * <p>A job that has not delivered (waiting, in progress, failed, held) is re-pointed: the route decides again on
 * delivery with the survivor's identity ("originals in the spool, edits on delivery"), so nothing leaves under a
 * number the EPD gave up. A delivered job cannot be taken back: the receiver files it under the prior number, so it
 * is listed for a person (issue 16: "the PACS must merge it too"). A cancelled job is left as it was.
 */
public final class MergeRule {
    /** A chain of merges longer than this is an error of the feed, not a patient's history. */
    static final int LONGEST_CHAIN = 64;

    private MergeRule() {
    }

    /** What happens to a job of the prior number. */
    public enum Action { REPOINT, LIST_DELIVERED, LEAVE }

    public static Action forJob(JobState state) {
        return switch (state) {
            case WAITING, IN_PROGRESS, FAILED, HELD -> Action.REPOINT;
            case DONE -> Action.LIST_DELIVERED;
            case CANCELLED -> Action.LEAVE;
        };
    }

    /**
     * The number {@code localId} was finally merged into, following A40/A47 chains (A into B, later B into C: C);
     * empty when it was never merged. A cycle (A into B, later B back into A) ends at the last number before it
     * repeats: whoever asks checks that number against the MPI.
     */
    public static Optional<String> survivor(String localId, Function<String, Optional<String>> mergedInto) {
        Set<String> seen = new HashSet<>();
        seen.add(localId);
        String current = localId;
        for (int i = 0; i < LONGEST_CHAIN; i++) {
            Optional<String> next = mergedInto.apply(current);
            if (next.isEmpty() || !seen.add(next.get())) {
                break;
            }
            current = next.get();
        }
        return current.equals(localId) ? Optional.empty() : Optional.of(current);
    }
}

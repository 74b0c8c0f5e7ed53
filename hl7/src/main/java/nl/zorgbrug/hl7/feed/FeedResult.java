package nl.zorgbrug.hl7.feed;

import java.util.List;

/**
 * What applying one update did beyond what was asked: the warnings the sender must hear (an identity conflict, a
 * prior patient the MPI did not know), each naming the field it comes from.
 */
public record FeedResult(List<Warning> warnings) {

    /** A warning about one field of the message, e.g. {@code PID-3} and what was wrong; never a whole BSN or name. */
    public record Warning(String field, String text) {
    }

    public FeedResult {
        warnings = List.copyOf(warnings);
    }
}

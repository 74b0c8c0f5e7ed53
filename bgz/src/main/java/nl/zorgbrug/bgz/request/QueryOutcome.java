package nl.zorgbrug.bgz.request;

import java.util.List;
import nl.zorgbrug.bgz.queryset.BgzQuery;

/**
 * What one query of the set gave: the HTTP status (0 when no answer came: a timeout, a refused connection), the
 * matches the peer counted ({@code Bundle.total}), every resource received ({@code Type/id}, matches and includes)
 * and, when it failed, why, in a sentence for the person who asked. A failed query is never shown as an empty one.
 */
public record QueryOutcome(BgzQuery query, int status, int total, List<String> resources, String failure) {
    public QueryOutcome {
        resources = List.copyOf(resources);
    }

    public boolean ok() {
        return failure == null;
    }
}

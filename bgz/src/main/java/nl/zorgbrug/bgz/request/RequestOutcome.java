package nl.zorgbrug.bgz.request;

import java.util.List;
import java.util.Map;

import org.hl7.fhir.dstu3.model.Bundle;

/**
 * One BgZ request to one institution: the outcome of every query in the order of the set, the Bundles that came
 * back (by the query's label), and each answer's body exactly as the peer sent it (by label), for the received BgZ
 * to be stored as received and shown.
 */
public record RequestOutcome(PeerNode peer, List<QueryOutcome> queries, Map<String, Bundle> bundles,
                             Map<String, String> answers) {
    public RequestOutcome {
        queries = List.copyOf(queries);
        bundles = Map.copyOf(bundles);
        answers = Map.copyOf(answers);
    }

    /** Whether every query was answered with a searchset. */
    public boolean complete() {
        return queries.stream().allMatch(QueryOutcome::ok);
    }

    public List<QueryOutcome> failed() {
        return queries.stream().filter(q -> !q.ok()).toList();
    }

    /** The distinct resources received over all queries. */
    public long resources() {
        return queries.stream().flatMap(q -> q.resources().stream()).distinct().count();
    }
}

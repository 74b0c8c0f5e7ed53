package nl.zorgbrug.bgz.queryset;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import nl.zorgbrug.bsn.Bsn;

/**
 * One search of the BgZ MSZ 2.0 query set: the resource type, the path after it ({@code ""} or {@code /$lastn}) and
 * the parameters, where {@code {BSN}} stands for the patient's BSN (Nictiz, BgZ MSZ 2.0, "Beschikbaarstellen": the
 * queries a Raadplegend system sends).
 */
public record BgzQuery(String resource, String path, List<String[]> params) {

    /** The query part for one patient, URL-encoded: {@code ?name=value&...}. */
    public String url(Bsn bsn) {
        StringBuilder q = new StringBuilder(resource).append(path).append('?');
        String sep = "";
        for (String[] p : params) {
            q.append(sep).append(p[0]).append('=').append(URLEncoder.encode(p[1].replace("{BSN}", bsn.value()),
                    StandardCharsets.UTF_8));
            sep = "&";
        }
        return q.toString();
    }

    /**
     * The same query without the patient's parameter (the one that names {@code {BSN}}): as a Notified Pull Task
     * names it, where the token says whose BgZ is read.
     */
    public BgzQuery withoutPatient() {
        return new BgzQuery(resource, path, params.stream().filter(p -> !p[1].contains("{BSN}")).toList());
    }

    /** The query of the BgZ set whose label without the patient is {@code label}, if it is one of the set. */
    public static java.util.Optional<BgzQuery> ofSetWithoutPatient(String label) {
        return BgzQuerySet.all().stream().map(BgzQuery::withoutPatient).filter(q -> q.label().equals(label))
                .findFirst();
    }

    /** The query as written in the set, {@code {BSN}} left in, unencoded: for the audit trail and the person who asked. */
    public String label() {
        StringBuilder q = new StringBuilder(resource).append(path).append('?');
        String sep = "";
        for (String[] p : params) {
            q.append(sep).append(p[0]).append('=').append(p[1]);
            sep = "&";
        }
        return q.toString();
    }
}

package nl.zorgbrug.bgz.receive;

/**
 * One query of a received BgZ as it was answered: the query (as the set writes it, the patient left as {@code {BSN}}),
 * the HTTP status (0: no answer), the total the peer counted, why it failed (null when it did not) and the searchset
 * Bundle exactly as the peer sent it (JSON; null for a failure).
 */
public record ReceivedQuery(String query, int status, int total, String failure, String bundleJson) {
    public boolean ok() {
        return failure == null;
    }
}

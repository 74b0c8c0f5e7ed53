package nl.zorgbrug.compliance.pacs;

/**
 * How the PACS scan fetches the one instance of a study whose C-FIND answer lacks the identity keys (issue 18: "C-GET,
 * else C-MOVE"). C-GET brings the instance back on the query's own association (PS3.4 C.4.3); C-MOVE makes the PACS
 * open an association to a storage SCP it knows by AE title, host and port (PS3.4 C.4.2): the scan's own, short-lived
 * {@link HeaderReceiver}.
 */
public enum RetrieveWith {
    /**
     * C-GET while the PACS takes it; C-MOVE once it does not: when it rejects the C-GET presentation context in the
     * association negotiation, or refuses the scan's first C-GET (Orthanc with "AllowGet": false for our AE title
     * accepts the context and aborts the association at the C-GET request).
     */
    AUTO,
    /** C-GET only; a PACS without it stops the scan. */
    GET,
    /** C-MOVE only, to the scan's own storage SCP. */
    MOVE
}

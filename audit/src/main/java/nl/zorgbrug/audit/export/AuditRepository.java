package nl.zorgbrug.audit.export;

import nl.zorgbrug.audit.trail.AuditRecord;

/**
 * The hospital's audit repository as the exporter sees it: one record at a time, in the trail's order. An
 * implementation returns only when the record went out (for TLS syslog: written to a connection that was alive
 * before and after the write, RFC 5425 has no acknowledgement) and throws {@link ExportException} otherwise; the
 * exporter then sends the same record again later.
 */
public interface AuditRepository extends AutoCloseable {

    /** The name used in the cursor table, the metrics and the log: {@code atna}, {@code fhir}. */
    String name();

    /** Sends one record of the trail; throws {@link ExportException} when it did not go out. */
    void send(AuditRecord record);

    /** Closes the connection, if one is open. */
    @Override
    default void close() {
    }
}

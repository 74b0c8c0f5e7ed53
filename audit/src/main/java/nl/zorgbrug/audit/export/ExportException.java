package nl.zorgbrug.audit.export;

/** A record did not reach the audit repository; it stays queued in the trail and is sent again later. */
public final class ExportException extends RuntimeException {
    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }

    public ExportException(String message) {
        super(message);
    }
}

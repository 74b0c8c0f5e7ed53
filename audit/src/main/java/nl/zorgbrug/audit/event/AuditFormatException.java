package nl.zorgbrug.audit.event;

/** A stored event that cannot be read back: its text names the record and the line. */
public class AuditFormatException extends RuntimeException {
    public AuditFormatException(String message) {
        super(message);
    }
}

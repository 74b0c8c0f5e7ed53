package nl.zorgbrug.audit.consent.mitz;

/** Mitz gave no usable answer: why, in a kind the decision and the trail record. */
public class MitzException extends Exception {

    public enum Kind { SOAP_FAULT, HTTP_STATUS, TIMEOUT, UNREACHABLE, UNREADABLE }

    private final Kind kind;

    public MitzException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

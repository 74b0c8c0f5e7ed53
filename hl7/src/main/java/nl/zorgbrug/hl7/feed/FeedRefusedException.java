package nl.zorgbrug.hl7.feed;

/**
 * An update the node cannot apply as it stands (a merge whose prior patient is unknown and whose survivor is not
 * given, a local number missing): nothing of the message was applied. {@code field} names the message field at fault
 * (e.g. {@code MRG-1}), so the answer to the sender can say where.
 */
public class FeedRefusedException extends RuntimeException {
    private final String field;

    public FeedRefusedException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

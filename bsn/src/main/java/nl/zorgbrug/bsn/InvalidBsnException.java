package nl.zorgbrug.bsn;

/** A text that is not a BSN; the message carries the value masked only. */
public class InvalidBsnException extends IllegalArgumentException {
    public InvalidBsnException(String message) {
        super(message);
    }
}

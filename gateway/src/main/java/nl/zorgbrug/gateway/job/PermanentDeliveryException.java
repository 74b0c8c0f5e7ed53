package nl.zorgbrug.gateway.job;

/**
 * A transport failure that retrying cannot cure, such as an association rejected permanently or a
 * calling AE title the receiver does not recognise (PS3.8 7.1.1.9). The job FAILS at once.
 */
public class PermanentDeliveryException extends java.io.IOException {
    public PermanentDeliveryException(String message) {
        super(message);
    }
}

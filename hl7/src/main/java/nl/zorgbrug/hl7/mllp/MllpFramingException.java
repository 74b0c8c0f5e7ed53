package nl.zorgbrug.hl7.mllp;

import java.io.IOException;

/** The byte stream does not follow MLLP framing; where the next message starts is unknown, so the connection ends. */
public class MllpFramingException extends IOException {
    public MllpFramingException(String message) {
        super(message);
    }
}

package nl.zorgbrug.dicom.net.pdu;

import java.io.IOException;

/**
 * A PDU that breaks PS3.8: answered with an A-ABORT from the service provider carrying
 * {@link #abortReason()} (PS3.8 Table 9-26) — event 19 of the state machine.
 */
public class PduProtocolException extends IOException {
    private final int abortReason;

    public PduProtocolException(int abortReason, String message) {
        super(message);
        this.abortReason = abortReason;
    }

    public int abortReason() {
        return abortReason;
    }
}

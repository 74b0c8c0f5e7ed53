package nl.zorgbrug.dicom.net.assoc;

import java.io.IOException;

import nl.zorgbrug.dicom.net.pdu.AAbort;

/** The association ended abnormally: an A-ABORT (either side), a lost connection or a protocol error. */
public class AssociationAbortedException extends IOException {
    private final AAbort abort;

    public AssociationAbortedException(String message, AAbort abort, Throwable cause) {
        super(message, cause);
        this.abort = abort;
    }

    /** The A-ABORT that was received or sent, or null when the connection just went away. */
    public AAbort abort() {
        return abort;
    }
}

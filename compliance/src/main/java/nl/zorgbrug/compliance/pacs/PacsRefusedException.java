package nl.zorgbrug.compliance.pacs;

import java.io.IOException;

/** The PACS refused what we asked in a way no retry mends (a failure status, a rejected association): stop the scan. */
public final class PacsRefusedException extends IOException {
    public PacsRefusedException(String message) {
        super(message);
    }

    public PacsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}

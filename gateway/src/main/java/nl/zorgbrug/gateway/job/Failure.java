package nl.zorgbrug.gateway.job;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;

/**
 * A failed delivery, classified (issue 5): transient failures are retried with backoff, permanent
 * ones stop the job at once with the reason and an alert, and are never retried in a loop. The reason
 * says what went wrong; the {@link JobManager} adds what happens next (when the automatic retry is, or
 * that it gave up).
 */
public record Failure(boolean permanent, String reason) {

    /**
     * Classifies a DIMSE status of a C-STORE response (PS3.4 B.2.3, PS3.7 C): 0xA7xx Refused: Out of
     * Resources is transient; 0xA9xx (data set does not match SOP class), 0xCxxx (cannot understand)
     * and any other failure are permanent. Warnings (0xB000, 0xB006, 0xB007) are no failures: the receiver
     * stored the instance, and the delivery records the warning with it.
     */
    public static Failure ofStatus(int status) {
        String hex = String.format("0x%04X", status);
        if ((status & 0xFF00) == 0xA700) {
            return new Failure(false, "the receiver is out of resources (" + hex + ")");
        }
        if ((status & 0xFF00) == 0xA900) {
            return new Failure(true, "the receiver says the data set does not match its SOP class (" + hex + ")");
        }
        if ((status & 0xF000) == 0xC000) {
            return new Failure(true, "the receiver cannot understand the object (" + hex + ")");
        }
        return new Failure(true, "the receiver answered failure status " + hex);
    }

    /** Classifies an exception of the transport: connection problems and timeouts are transient. */
    public static Failure ofException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new Failure(false, "cannot connect to the receiver (" + t.getMessage() + ")");
            }
            if (t instanceof SocketTimeoutException) {
                return new Failure(false, "the receiver did not answer in time");
            }
            if (t instanceof PermanentDeliveryException) {
                return new Failure(true, t.getMessage());
            }
            if (t instanceof nl.zorgbrug.dicom.net.assoc.AssociationRejectedException r) {
                // PS3.8 7.1.1.9: "rejected-permanent" will not change by retrying; "rejected-transient" may.
                boolean permanent = r.rejection().result() == nl.zorgbrug.dicom.net.pdu.AAssociateRj.RESULT_PERMANENT;
                return new Failure(permanent, t.getMessage());
            }
        }
        if (e instanceof IOException) {
            return new Failure(false, "connection to the receiver failed (" + e.getMessage() + ")");
        }
        return new Failure(true, "delivery failed: " + e);
    }
}

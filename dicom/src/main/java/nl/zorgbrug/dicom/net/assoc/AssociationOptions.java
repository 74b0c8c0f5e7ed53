package nl.zorgbrug.dicom.net.assoc;

import nl.zorgbrug.dicom.io.FileMetaInformation;

/**
 * Limits and timeouts of an association, all in milliseconds (0 = wait forever).
 *
 * @param maxPduLength     the maximum P-DATA-TF length we announce and accept (PS3.8 D.1)
 * @param maxSendPduLength our own ceiling for what we send, used when the peer announces 0 (unlimited)
 *                         or more than is useful
 * @param connectTimeout   TCP connect
 * @param artimTimeout     ARTIM (PS3.8 9.1.5): waiting for the A-ASSOCIATE-RQ after accepting a
 *                         connection, for the AC/RJ after sending the RQ, and for the close after release
 * @param idleTimeout      an established association without any PDU for this long is aborted
 * @param responseTimeout  an SCU waiting this long for a DIMSE response aborts the association
 * @param writeTimeout     one PDU write blocked this long (the peer stopped reading) closes the connection
 */
public record AssociationOptions(long maxPduLength, int maxSendPduLength, int connectTimeout, int artimTimeout,
                                 int idleTimeout, int responseTimeout, int writeTimeout, String implementationClassUid,
                                 String implementationVersionName) {
    public static final AssociationOptions DEFAULT = new AssociationOptions(262_144, 262_144, 10_000, 10_000,
            60_000, 60_000, 60_000, FileMetaInformation.IMPLEMENTATION_CLASS_UID,
            FileMetaInformation.IMPLEMENTATION_VERSION_NAME);

    public AssociationOptions withArtimTimeout(int ms) {
        return new AssociationOptions(maxPduLength, maxSendPduLength, connectTimeout, ms, idleTimeout, responseTimeout,
                writeTimeout, implementationClassUid, implementationVersionName);
    }

    public AssociationOptions withIdleTimeout(int ms) {
        return new AssociationOptions(maxPduLength, maxSendPduLength, connectTimeout, artimTimeout, ms, responseTimeout,
                writeTimeout, implementationClassUid, implementationVersionName);
    }

    public AssociationOptions withResponseTimeout(int ms) {
        return new AssociationOptions(maxPduLength, maxSendPduLength, connectTimeout, artimTimeout, idleTimeout, ms,
                writeTimeout, implementationClassUid, implementationVersionName);
    }

    public AssociationOptions withMaxPduLength(long receive, int send) {
        return new AssociationOptions(receive, send, connectTimeout, artimTimeout, idleTimeout, responseTimeout,
                writeTimeout, implementationClassUid, implementationVersionName);
    }

    public AssociationOptions withWriteTimeout(int ms) {
        return new AssociationOptions(maxPduLength, maxSendPduLength, connectTimeout, artimTimeout, idleTimeout,
                responseTimeout, ms, implementationClassUid, implementationVersionName);
    }
}

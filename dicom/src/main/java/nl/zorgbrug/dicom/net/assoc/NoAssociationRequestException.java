package nl.zorgbrug.dicom.net.assoc;

/**
 * A connection closed before it sent an A-ASSOCIATE-RQ (Sta2, AA-5): a port probe or health check
 * rather than a DICOM peer, so the acceptor logs it quietly.
 */
public class NoAssociationRequestException extends AssociationAbortedException {
    public NoAssociationRequestException(String message) {
        super(message, null, null);
    }
}

package nl.zorgbrug.dicom.net.assoc;

import java.io.IOException;

import nl.zorgbrug.dicom.net.pdu.AAssociateRj;

/** An association was rejected with an A-ASSOCIATE-RJ: by the peer, or (acceptor side) by us. */
public class AssociationRejectedException extends IOException {
    private final AAssociateRj rejection;

    /** The peer rejected our request. */
    public AssociationRejectedException(String peer, AAssociateRj rejection) {
        super(peer + " rejected the association: " + rejection.describe());
        this.rejection = rejection;
    }

    /** We rejected the peer's request, for the reason given. */
    public AssociationRejectedException(String peer, AAssociateRj rejection, String why) {
        super("rejected the association from " + peer + ": " + why + " (" + rejection.describe() + ")");
        this.rejection = rejection;
    }

    public AAssociateRj rejection() {
        return rejection;
    }
}

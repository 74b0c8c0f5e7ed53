package nl.zorgbrug.dicom.net.pdu;

import java.util.List;

/** A-ASSOCIATE-RQ (PS3.8 9.3.2). AE titles are kept without their space padding. */
public record AAssociateRq(int protocolVersion, String calledAeTitle, String callingAeTitle,
                           String applicationContext, List<PresentationContextRq> presentationContexts,
                           UserInformation userInformation) implements Pdu {
    /** The DICOM Application Context Name, PS3.7 A.2.1. */
    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    public AAssociateRq {
        presentationContexts = List.copyOf(presentationContexts);
    }

    public PresentationContextRq presentationContext(int id) {
        for (PresentationContextRq pc : presentationContexts) {
            if (pc.id() == id) {
                return pc;
            }
        }
        return null;
    }

    @Override
    public int type() {
        return A_ASSOCIATE_RQ;
    }
}

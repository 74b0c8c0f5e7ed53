package nl.zorgbrug.dicom.net.pdu;

import java.util.List;

/**
 * A-ASSOCIATE-AC (PS3.8 9.3.3). The AE title fields are reserved but sent back with the values
 * of the request.
 */
public record AAssociateAc(int protocolVersion, String calledAeTitle, String callingAeTitle,
                           String applicationContext, List<PresentationContextAc> presentationContexts,
                           UserInformation userInformation) implements Pdu {
    public AAssociateAc {
        presentationContexts = List.copyOf(presentationContexts);
    }

    public PresentationContextAc presentationContext(int id) {
        for (PresentationContextAc pc : presentationContexts) {
            if (pc.id() == id) {
                return pc;
            }
        }
        return null;
    }

    @Override
    public int type() {
        return A_ASSOCIATE_AC;
    }
}

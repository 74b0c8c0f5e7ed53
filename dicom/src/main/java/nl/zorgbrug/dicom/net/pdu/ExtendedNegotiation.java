package nl.zorgbrug.dicom.net.pdu;

/** SOP Class Extended Negotiation sub-item (PS3.7 D.3.3.5): service-class specific bytes, passed through. */
public record ExtendedNegotiation(String sopClassUid, byte[] applicationInformation) {
    public ExtendedNegotiation {
        applicationInformation = applicationInformation.clone();
    }

    @Override
    public byte[] applicationInformation() {
        return applicationInformation.clone();
    }
}

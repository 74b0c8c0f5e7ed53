package nl.zorgbrug.dicom.net.pdu;

/** A-RELEASE-RQ (PS3.8 9.3.6): four reserved bytes, nothing else. */
public record AReleaseRq() implements Pdu {
    @Override
    public int type() {
        return A_RELEASE_RQ;
    }
}

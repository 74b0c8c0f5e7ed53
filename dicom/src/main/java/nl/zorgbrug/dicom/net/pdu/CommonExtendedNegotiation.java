package nl.zorgbrug.dicom.net.pdu;

import java.util.List;

/** SOP Class Common Extended Negotiation sub-item (PS3.7 D.3.3.6), requestor only. */
public record CommonExtendedNegotiation(String sopClassUid, String serviceClassUid, List<String> relatedGeneralSopClassUids) {
    public CommonExtendedNegotiation {
        relatedGeneralSopClassUids = List.copyOf(relatedGeneralSopClassUids);
    }
}

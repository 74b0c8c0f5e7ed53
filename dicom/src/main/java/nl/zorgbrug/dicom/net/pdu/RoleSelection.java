package nl.zorgbrug.dicom.net.pdu;

/**
 * SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4): whether the requestor proposes (or the
 * acceptor accepts) that the association-requestor may act as SCU and as SCP for a SOP class.
 */
public record RoleSelection(String sopClassUid, boolean scu, boolean scp) {
}

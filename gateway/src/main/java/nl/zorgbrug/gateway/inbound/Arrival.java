package nl.zorgbrug.gateway.inbound;

import nl.zorgbrug.dicom.encoding.TransferSyntax;

/**
 * What a transport knows of an object before its data set is read: from the C-STORE request (PS3.7 9.1.1), or
 * from a STOW-RS part's File Meta Information (PS3.10 7.1).
 *
 * @param callingAeTitle who sent it: the calling AE title, or for STOW-RS "STOWRS-" and the user
 * @param tlsPeerSubject the subject of the sender's TLS client certificate (RFC 2253), or null
 */
public record Arrival(String sopClassUid, String sopInstanceUid, TransferSyntax transferSyntax, String callingAeTitle,
                      String tlsPeerSubject) {

    /** Without a TLS client certificate. */
    public Arrival(String sopClassUid, String sopInstanceUid, TransferSyntax transferSyntax, String callingAeTitle) {
        this(sopClassUid, sopInstanceUid, transferSyntax, callingAeTitle, null);
    }
}

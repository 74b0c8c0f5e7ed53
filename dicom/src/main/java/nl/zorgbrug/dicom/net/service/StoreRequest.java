package nl.zorgbrug.dicom.net.service;

import nl.zorgbrug.dicom.encoding.TransferSyntax;

/**
 * What a C-STORE SCP handler is told about an incoming object (PS3.7 9.1.1): who sends it, its SOP
 * class and instance from the command, and the transfer syntax of the presentation context in which
 * the data set arrives. The move originator is set when the store is a C-MOVE sub-operation.
 *
 * @param tlsPeerSubject the subject (RFC 2253) of the certificate the sender presented over TLS (PS3.15 B.1); null
 *                       without TLS or without a client certificate
 */
public record StoreRequest(String callingAeTitle, String calledAeTitle, String sopClassUid, String sopInstanceUid,
                           TransferSyntax transferSyntax, int priority, String moveOriginatorAeTitle,
                           int moveOriginatorMessageId, String tlsPeerSubject) {

    /** Not over TLS. */
    public StoreRequest(String callingAeTitle, String calledAeTitle, String sopClassUid, String sopInstanceUid,
                        TransferSyntax transferSyntax, int priority, String moveOriginatorAeTitle,
                        int moveOriginatorMessageId) {
        this(callingAeTitle, calledAeTitle, sopClassUid, sopInstanceUid, transferSyntax, priority,
                moveOriginatorAeTitle, moveOriginatorMessageId, null);
    }
}

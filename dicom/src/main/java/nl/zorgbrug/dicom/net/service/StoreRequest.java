package nl.zorgbrug.dicom.net.service;

import nl.zorgbrug.dicom.encoding.TransferSyntax;

/**
 * What a C-STORE SCP handler is told about an incoming object (PS3.7 9.1.1): who sends it, its SOP
 * class and instance from the command, and the transfer syntax of the presentation context in which
 * the data set arrives. The move originator is set when the store is a C-MOVE sub-operation.
 */
public record StoreRequest(String callingAeTitle, String calledAeTitle, String sopClassUid, String sopInstanceUid,
                           TransferSyntax transferSyntax, int priority, String moveOriginatorAeTitle,
                           int moveOriginatorMessageId) {
}

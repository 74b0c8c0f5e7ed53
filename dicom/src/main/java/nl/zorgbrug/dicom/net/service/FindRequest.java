package nl.zorgbrug.dicom.net.service;

/** Who asks what in a C-FIND (PS3.4 C.4.1): the SOP class gives the information model (patient or study root). */
public record FindRequest(String callingAeTitle, String calledAeTitle, String sopClassUid, String level) {
}

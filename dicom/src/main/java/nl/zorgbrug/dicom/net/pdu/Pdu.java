package nl.zorgbrug.dicom.net.pdu;

/**
 * The seven protocol data units of the DICOM upper layer (PS3.8 9.3). Each is a value; the wire
 * format lives in {@link PduReader} and {@link PduWriter}.
 */
public sealed interface Pdu permits AAssociateRq, AAssociateAc, AAssociateRj, PDataTf, AReleaseRq, AReleaseRp, AAbort {

    /** PDU types, PS3.8 Table 9-11 and following. */
    int A_ASSOCIATE_RQ = 0x01;
    int A_ASSOCIATE_AC = 0x02;
    int A_ASSOCIATE_RJ = 0x03;
    int P_DATA_TF = 0x04;
    int A_RELEASE_RQ = 0x05;
    int A_RELEASE_RP = 0x06;
    int A_ABORT = 0x07;

    /** The PDU-type byte. */
    int type();
}

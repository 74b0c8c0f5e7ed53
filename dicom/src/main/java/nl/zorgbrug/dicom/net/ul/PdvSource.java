package nl.zorgbrug.dicom.net.ul;

import java.io.IOException;

import nl.zorgbrug.dicom.net.pdu.Pdv;

/** Where a message reader gets its PDVs from: the association's one blocking reader. */
public interface PdvSource {
    /**
     * The next PDV, reading P-DATA-TF PDUs as needed; null when the association ended by an orderly
     * release before the next message began.
     */
    Pdv nextPdv() throws IOException;

    /** Who the peer is, for messages. */
    String peer();
}

package nl.zorgbrug.dicom.net.ul;

import java.io.IOException;

/** Where a message writer puts its fragments: one P-DATA-TF PDU with one PDV per call. */
public interface PdvSink {
    /**
     * Sends one PDV as a P-DATA-TF PDU. {@code buf} holds 12 free bytes before {@code off} so the
     * PDU and PDV headers can be written in place without copying the fragment.
     */
    void sendPdv(int contextId, boolean command, boolean last, byte[] buf, int off, int len) throws IOException;

    /** The largest PDV value (fragment) this sink may send: the peer's maximum PDU length minus the PDV header. */
    int maxFragmentLength();
}

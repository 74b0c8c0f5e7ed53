package nl.zorgbrug.dicom.net.pdu;

/**
 * A Presentation Data Value item (PS3.8 9.3.5.1, Annex E.2): a fragment of a command or data set
 * for one presentation context. The bytes are a slice of {@code buffer}, which the PDV does not own
 * exclusively; copy them before the next PDU is read if they must be kept.
 */
public record Pdv(int contextId, boolean command, boolean last, byte[] buffer, int offset, int length) {

    /** Message Control Header bits, PS3.8 E.2. */
    public static final int COMMAND = 0x01;
    public static final int LAST = 0x02;

    public int messageControlHeader() {
        return (command ? COMMAND : 0) | (last ? LAST : 0);
    }
}

package nl.zorgbrug.dicom.net.dimse;

import java.io.IOException;
import java.util.Arrays;

import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.pdu.AAbort;
import nl.zorgbrug.dicom.net.pdu.PduProtocolException;
import nl.zorgbrug.dicom.net.pdu.Pdv;
import nl.zorgbrug.dicom.net.ul.PDataInputStream;
import nl.zorgbrug.dicom.net.ul.PDataOutputStream;

/**
 * Reads and writes DIMSE messages on an association (PS3.7 section 6, PS3.8 Annex E). A command
 * may span PDVs and PDUs and share a PDU with the start of its data set; one message uses one
 * presentation context; messages are written whole under the association's message lock, and a
 * message that fails half-way aborts the association, since the peer can no longer find the
 * next message boundary.
 */
public final class Dimse {
    /** Command sets are a few hundred bytes; anything this large is hostile. */
    private static final int MAX_COMMAND_LENGTH = 1 << 20;

    private final Association association;
    private PDataInputStream pending;
    private int nextMessageId = 1;

    public Dimse(Association association) {
        this.association = association;
    }

    public Association association() {
        return association;
    }

    /** A fresh Message ID (PS3.7 9.1.1.1.1: unique among outstanding operations; 1..65535). */
    public synchronized int nextMessageId() {
        int id = nextMessageId;
        nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
        return id;
    }

    /**
     * The next message, or null when the peer released the association. A data set left unread
     * from the previous message is drained first.
     */
    public DimseMessage read() throws IOException {
        if (pending != null) {
            pending.drain();
            pending = null;
        }
        byte[] command = new byte[512];
        int length = 0;
        int contextId = -1;
        while (true) {
            Pdv pdv = association.nextPdv();
            if (pdv == null) {
                if (contextId >= 0) {
                    throw new IOException("association with " + association.peer() + " released inside a command");
                }
                return null;
            }
            if (!pdv.command()) {
                throw protocolError("data fragment from " + association.peer() + " where a command was expected");
            }
            if (contextId >= 0 && pdv.contextId() != contextId) {
                throw protocolError("command fragments on presentation contexts " + contextId + " and "
                        + pdv.contextId() + " from " + association.peer());
            }
            contextId = pdv.contextId();
            if (length + pdv.length() > MAX_COMMAND_LENGTH) {
                throw protocolError("command set from " + association.peer() + " exceeds " + MAX_COMMAND_LENGTH + " bytes");
            }
            if (length + pdv.length() > command.length) {
                command = Arrays.copyOf(command, Math.max(command.length * 2, length + pdv.length()));
            }
            System.arraycopy(pdv.buffer(), pdv.offset(), command, length, pdv.length());
            length += pdv.length();
            if (pdv.last()) {
                break;
            }
        }
        CommandSet cmd;
        try {
            cmd = CommandSet.decode(command, length, association.peer());
        } catch (IOException e) {
            throw protocolError("malformed command set: " + e.getMessage());
        }
        PDataInputStream data = null;
        if (cmd.hasDataSet()) {
            data = new PDataInputStream(association, contextId);
            pending = data;
        }
        return new DimseMessage(contextId, cmd, data);
    }

    private IOException protocolError(String message) {
        association.abort();
        return new PduProtocolException(AAbort.REASON_UNEXPECTED_PDU_PARAMETER, message + "; association aborted");
    }

    /** Writes a command and, when {@code data} is not null, its data set. */
    public void write(int contextId, CommandSet command, DataWriter data) throws IOException {
        command.dataSetPresent(data != null);
        byte[] encoded = command.encode();
        association.messageLock().lock();
        try {
            PDataOutputStream cmd = new PDataOutputStream(association, contextId, true);
            cmd.write(encoded);
            cmd.close();
            if (data != null) {
                PDataOutputStream out = new PDataOutputStream(association, contextId, false);
                data.writeTo(out);
                out.close();
            }
        } catch (IOException | RuntimeException e) {
            // Half a message on the wire: the peer cannot resynchronise (fo-dicom #1359), so abort.
            association.abort();
            throw e;
        } finally {
            association.messageLock().unlock();
        }
    }
}

package nl.zorgbrug.dicom.net.ul;

import java.io.IOException;
import java.io.InputStream;

import nl.zorgbrug.dicom.io.BoundedTransfer;
import nl.zorgbrug.dicom.net.pdu.AAbort;
import nl.zorgbrug.dicom.net.pdu.PduProtocolException;
import nl.zorgbrug.dicom.net.pdu.Pdv;

/**
 * The data set of one DIMSE message as a stream, read PDV by PDV straight from the association
 * (PS3.8 Annex E; pitfall 2 of our design notes): nothing but the current PDU is held in memory,
 * so a C-STORE of any size flows from socket to handler. Every PDV must belong to the message's
 * presentation context and be a data (not command) fragment; the stream ends after the fragment
 * marked last.
 */
public final class PDataInputStream extends InputStream implements BoundedTransfer {
    private final PdvSource source;
    private final int contextId;
    private Pdv current;
    private int pos;
    private boolean ended;

    public PDataInputStream(PdvSource source, int contextId) {
        this.source = source;
        this.contextId = contextId;
    }

    public int contextId() {
        return contextId;
    }

    /** True when the last fragment has been read completely. */
    public boolean ended() {
        return ended && (current == null || pos >= current.length());
    }

    private boolean ensure() throws IOException {
        while (current == null || pos >= current.length()) {
            if (ended) {
                return false;
            }
            Pdv pdv = source.nextPdv();
            if (pdv == null) {
                throw new IOException("association with " + source.peer() + " was released in the middle of a data set");
            }
            if (pdv.contextId() != contextId) {
                throw new PduProtocolException(AAbort.REASON_UNEXPECTED_PDU_PARAMETER, "data fragment for presentation context "
                        + pdv.contextId() + " in the middle of a message on context " + contextId
                        + " from " + source.peer() + " (PS3.8 E.2: messages never interleave)");
            }
            if (pdv.command()) {
                throw new PduProtocolException(AAbort.REASON_UNEXPECTED_PDU_PARAMETER, "command fragment from "
                        + source.peer() + " where a data set fragment was expected");
            }
            current = pdv;
            pos = 0;
            ended = pdv.last();
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!ensure()) {
            return -1;
        }
        return current.buffer()[current.offset() + pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!ensure()) {
            return -1;
        }
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.buffer(), current.offset() + pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length() - pos;
    }

    /** Copies the rest of the data set PDV by PDV, without an intermediate buffer. */
    @Override
    public long transferTo(java.io.OutputStream out) throws IOException {
        long n = 0;
        while (ensure()) {
            int len = current.length() - pos;
            out.write(current.buffer(), current.offset() + pos, len);
            pos += len;
            n += len;
        }
        return n;
    }

    /** Copies the next n bytes (fewer only if the data set ends first) PDV by PDV, without an intermediate buffer. */
    @Override
    public long transferTo(java.io.OutputStream out, long n) throws IOException {
        long moved = 0;
        while (moved < n && ensure()) {
            int len = (int) Math.min(current.length() - pos, n - moved);
            out.write(current.buffer(), current.offset() + pos, len);
            pos += len;
            moved += len;
        }
        return moved;
    }

    /** Reads and discards the rest of the data set, so the next message starts at a message boundary. */
    public long drain() throws IOException {
        long skipped = 0;
        while (ensure()) {
            skipped += current.length() - pos;
            pos = current.length();
        }
        return skipped;
    }

    /** Closing drains: the handler may stop reading early without desynchronising the association. */
    @Override
    public void close() throws IOException {
        drain();
    }
}

package nl.zorgbrug.dicom.net.ul;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the command or data set of one DIMSE message as PDVs of at most the peer's maximum
 * length (PS3.8 D.1, E.2). Fragments are even in length; a full buffer is only sent once more
 * bytes arrive, so the fragment marked "last" is never empty. {@link #close()} sends it, padded
 * with one NUL byte when the whole stream was odd: that only happens for a deflated data set
 * (PS3.5 A.5), whose deflate output has any length, and peers such as dcmtk refuse odd fragments.
 */
public final class PDataOutputStream extends OutputStream {
    /** Room for the PDU header (6) and the PDV item header (6) in front of the fragment. */
    public static final int HEADER_ROOM = 12;

    private final PdvSink sink;
    private final int contextId;
    private final boolean command;
    private final byte[] buf;
    private final int capacity;
    private int count;
    private long total;
    private boolean closed;

    public PDataOutputStream(PdvSink sink, int contextId, boolean command) {
        this.sink = sink;
        this.contextId = contextId;
        this.command = command;
        // Even fragments (PS3.5 7.1: values are even, and some peers mis-handle odd fragments).
        this.capacity = Math.max(2, sink.maxFragmentLength() & ~1);
        this.buf = new byte[HEADER_ROOM + capacity];
    }

    @Override
    public void write(int b) throws IOException {
        if (count == capacity) {
            flushFragment(false);
        }
        buf[HEADER_ROOM + count++] = (byte) b;
        total++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == capacity) {
                flushFragment(false);
            }
            int n = Math.min(len, capacity - count);
            System.arraycopy(b, off, buf, HEADER_ROOM + count, n);
            count += n;
            total += n;
            off += n;
            len -= n;
        }
    }

    private void flushFragment(boolean last) throws IOException {
        sink.sendPdv(contextId, command, last, buf, HEADER_ROOM, count);
        count = 0;
    }

    /** Bytes written so far (a padding byte included once closed). */
    public long count() {
        return total;
    }

    /** Sending happens per fragment; a flush in the middle would create short fragments, so it is a no-op. */
    @Override
    public void flush() {
    }

    /** Sends the last fragment. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            if ((total & 1) != 0) {
                write(0);
            }
            closed = true;
            flushFragment(true);
        }
    }
}

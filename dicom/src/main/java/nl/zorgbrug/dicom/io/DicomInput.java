package nl.zorgbrug.dicom.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * A buffered input that counts the bytes it has read (for error offsets), can peek ahead a few
 * bytes (to stop before a tag without consuming it), and knows how many bytes remain when the
 * source has a known length, so untrusted lengths are checked before anything is allocated.
 */
public final class DicomInput {
    private static final int BUFFER = 16 * 1024;
    private static final int CHUNK = 256 * 1024;

    private final InputStream in;
    private final String source;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private long consumedBeforeBuffer;
    private final long length;

    /**
     * @param startOffset offset of the first byte of {@code in} within the source, for messages
     * @param length total length of the source in bytes, or -1 when unknown (network streams)
     */
    public DicomInput(InputStream in, String source, long startOffset, long length) {
        this.in = in;
        this.source = source;
        this.consumedBeforeBuffer = startOffset;
        this.length = length;
    }

    public String source() {
        return source;
    }

    /** Offset of the next byte within the source. */
    public long position() {
        return consumedBeforeBuffer + pos;
    }

    /** Bytes left before the end of the source, or Long.MAX_VALUE when unknown. */
    public long remaining() {
        return length < 0 ? Long.MAX_VALUE : Math.max(0, length - position());
    }

    public boolean knowsLength() {
        return length >= 0;
    }

    /** Ensures at least n (≤ buffer size) bytes are buffered; returns how many are available. */
    private int fill(int n) throws IOException {
        if (limit - pos >= n) {
            return limit - pos;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumedBeforeBuffer += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit < n) {
            int r = readUnderlying(buf, limit, buf.length - limit);
            if (r < 0) {
                break;
            }
            limit += r;
        }
        return limit - pos;
    }

    private int readUnderlying(byte[] dst, int off, int len) throws IOException {
        try {
            return in.read(dst, off, len);
        } catch (java.util.zip.ZipException | EOFException e) {
            // A corrupt or truncated deflated data set (PS3.5 A.5) is bad input like any other.
            throw new DicomParseException(source, position() + (limit - pos), "",
                    "corrupt deflated data: " + e.getMessage());
        }
    }

    /** True when no byte is left. */
    public boolean atEnd() throws IOException {
        return fill(1) == 0;
    }

    /** Peeks at up to n bytes without consuming them; returns how many could be seen. */
    public int peek(byte[] dst, int n) throws IOException {
        int available = Math.min(fill(n), n);
        System.arraycopy(buf, pos, dst, 0, available);
        return available;
    }

    public int read() throws IOException {
        if (fill(1) == 0) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    public void readFully(byte[] dst, int off, int len, String what, Supplier<String> tagPath) throws IOException {
        while (len > 0) {
            int available = fill(1);
            if (available == 0) {
                throw new DicomParseException(source, position(), tagPath.get(),
                        "file ends early: " + len + " more bytes of " + what + " expected");
            }
            int n = Math.min(available, len);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    public void skip(long n, String what, Supplier<String> tagPath) throws IOException {
        while (n > 0) {
            int available = fill(1);
            if (available == 0) {
                throw new DicomParseException(source, position(), tagPath.get(),
                        "file ends early while skipping " + what + " (" + n + " bytes missing)");
            }
            int k = (int) Math.min(available, n);
            pos += k;
            n -= k;
        }
    }

    /**
     * Copies n bytes to out, for pass-through without decoding. Large values (Pixel Data) bypass the
     * small parse buffer and move in chunks of up to 256 KiB (or straight from a {@link BoundedTransfer} source), so a pass-through runs at the speed of a file copy.
     */
    public void copy(long n, OutputStream out, String what, Supplier<String> tagPath) throws IOException {
        int buffered = Math.min(limit - pos, (int) Math.min(n, Integer.MAX_VALUE));
        if (buffered > 0) {
            out.write(buf, pos, buffered);
            pos += buffered;
            n -= buffered;
        }
        if (n <= 0) {
            return;
        }
        if (n < BUFFER) {
            while (n > 0) {
                int available = fill(1);
                if (available == 0) {
                    throw new DicomParseException(source, position(), tagPath.get(),
                            "file ends early while copying " + what + " (" + n + " bytes missing)");
                }
                int k = (int) Math.min(available, n);
                out.write(buf, pos, k);
                pos += k;
                n -= k;
            }
            return;
        }
        // The buffer is drained here (pos == limit): forget it and read straight from the source.
        consumedBeforeBuffer += limit;
        pos = 0;
        limit = 0;
        if (in instanceof BoundedTransfer direct) {
            // Straight from the source's own buffers (the received PDUs): no chunk, one copy fewer.
            long moved = direct.transferTo(out, n);
            consumedBeforeBuffer += moved;
            if (moved < n) {
                throw new DicomParseException(source, position(), tagPath.get(),
                        "file ends early while copying " + what + " (" + (n - moved) + " bytes missing)");
            }
            return;
        }
        // At most 256 KiB: a larger array (512 KiB pixel data) is a "humongous" object for G1 with
        // 1 MiB regions, allocated outside the young generation at a higher cost per object.
        byte[] chunk = new byte[(int) Math.min(CHUNK, n)];
        while (n > 0) {
            int r = readUnderlying(chunk, 0, (int) Math.min(chunk.length, n));
            if (r < 0) {
                throw new DicomParseException(source, position(), tagPath.get(),
                        "file ends early while copying " + what + " (" + n + " bytes missing)");
            }
            out.write(chunk, 0, r);
            consumedBeforeBuffer += r;
            n -= r;
        }
    }

    /** Copies everything that is left to out and returns the number of bytes copied. */
    public long transferRest(OutputStream out) throws IOException {
        long total = limit - pos;
        out.write(buf, pos, limit - pos);
        consumedBeforeBuffer += limit;
        pos = 0;
        limit = 0;
        byte[] chunk = buf;
        int r;
        while ((r = readUnderlying(chunk, 0, chunk.length)) >= 0) {
            out.write(chunk, 0, r);
            total += r;
            consumedBeforeBuffer += r;
        }
        return total;
    }

    /** The rest of the input as a plain stream (for inflating a deflated data set). */
    public InputStream asInputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return DicomInput.this.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int available = fill(1);
                if (available == 0) {
                    return -1;
                }
                int n = Math.min(available, len);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    /** Throws an EOFException-derived parse error; used where a read hits the end. */
    EOFException eof(String what) {
        return new EOFException(source + ": file ends early while reading " + what + " at offset " + position());
    }
}

package nl.zorgbrug.hl7.mllp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads MLLP frames (HL7 v2 Minimal Lower Layer Protocol, HL7 v2.5.1 appendix C.4): a start block 0x0B, the message,
 * an end block 0x1C and a carriage return 0x0D. Free of HL7 and of sockets: it reads a stream.
 *
 * <p>A frame longer than the limit is read to its end without being kept ({@link Frame.TooLarge}, with its first
 * bytes so the answer can name the message); bytes outside a frame, a start block inside a frame or an end block
 * without its carriage return are a {@link MllpFramingException}: the stream has lost its place and the connection
 * must be closed.
 */
public final class MllpFrameReader {
    static final int START_BLOCK = 0x0B;
    static final int END_BLOCK = 0x1C;
    static final int CARRIAGE_RETURN = 0x0D;
    /** How much of a too-large message is kept to answer it: its MSH. */
    static final int HEAD_KEPT = 4096;

    private final InputStream in;
    private final int maxMessageBytes;

    public MllpFrameReader(InputStream in, int maxMessageBytes) {
        this.in = in;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** A frame as read. */
    public sealed interface Frame {
        record Message(byte[] bytes) implements Frame {
        }

        record TooLarge(byte[] head, long length) implements Frame {
        }
    }

    /**
     * Waits for the start of the next frame; false at the end of the stream between frames (the sender closed).
     * Whitespace between frames (a line feed some senders add after the carriage return) is skipped.
     */
    public boolean awaitStart() throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            if (b == START_BLOCK) {
                return true;
            }
            if (b != '\n' && b != '\r' && b != ' ') {
                throw new MllpFramingException("byte 0x" + Integer.toHexString(b) + " outside a frame; expected the"
                        + " start block 0x0B");
            }
        }
    }

    /**
     * Reads the rest of a frame whose start block {@link #awaitStart} has read, by {@code deadline}
     * ({@link System#nanoTime()}); a sender that trickles a message slower than that is cut off.
     */
    public Frame readFrame(long deadline) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(maxMessageBytes, 8192));
        long length = 0;
        while (true) {
            if ((length & 0xFFF) == 0 && System.nanoTime() - deadline > 0) {
                throw new MllpFramingException("the message did not arrive in time: " + length + " bytes so far");
            }
            int b = in.read();
            if (b < 0) {
                throw new MllpFramingException("the connection ended inside a frame after " + length + " bytes");
            }
            if (b == END_BLOCK) {
                int cr = in.read();
                if (cr != CARRIAGE_RETURN) {
                    throw new MllpFramingException("end block 0x1C not followed by the carriage return 0x0D after "
                            + length + " bytes");
                }
                return length > maxMessageBytes ? new Frame.TooLarge(kept.toByteArray(), length)
                        : new Frame.Message(kept.toByteArray());
            }
            if (b == START_BLOCK) {
                throw new MllpFramingException("a start block 0x0B inside a frame at byte " + length
                        + "; the previous message has no end block");
            }
            length++;
            if (length <= maxMessageBytes) {
                kept.write(b);
            } else if (kept.size() > HEAD_KEPT) {
                // Over the limit: keep only the head (its MSH) and count the rest.
                byte[] head = java.util.Arrays.copyOf(kept.toByteArray(), HEAD_KEPT);
                kept = new ByteArrayOutputStream(HEAD_KEPT);
                kept.write(head, 0, head.length);
            }
        }
    }
}

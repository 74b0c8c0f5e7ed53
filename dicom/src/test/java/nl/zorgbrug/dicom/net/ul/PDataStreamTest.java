package nl.zorgbrug.dicom.net.ul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import nl.zorgbrug.dicom.net.pdu.PduProtocolException;
import nl.zorgbrug.dicom.net.pdu.Pdv;

class PDataStreamTest {

    /** Captures what a PDataOutputStream sends; replays it as a PdvSource. */
    static final class Loop implements PdvSink, PdvSource {
        final int max;
        final Deque<Pdv> sent = new ArrayDeque<>();

        Loop(int max) {
            this.max = max;
        }

        @Override
        public void sendPdv(int contextId, boolean command, boolean last, byte[] buf, int off, int len) {
            assertThat(off).isGreaterThanOrEqualTo(12);
            sent.add(new Pdv(contextId, command, last, Arrays.copyOfRange(buf, off, off + len), 0, len));
        }

        @Override
        public int maxFragmentLength() {
            return max;
        }

        @Override
        public Pdv nextPdv() {
            return sent.poll();
        }

        @Override
        public String peer() {
            return "loop";
        }
    }

    @Property(tries = 300)
    void fragmentsAreEvenBoundedAndReassemble(@ForAll @IntRange(min = 0, max = 5000) int size,
                                              @ForAll @IntRange(min = 2, max = 700) int max,
                                              @ForAll @IntRange(min = 1, max = 997) int chunk) throws IOException {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        Loop loop = new Loop(max);
        PDataOutputStream out = new PDataOutputStream(loop, 5, false);
        for (int off = 0; off < size; off += chunk) {
            out.write(data, off, Math.min(chunk, size - off));
        }
        out.close();
        List<Pdv> fragments = new ArrayList<>(loop.sent);
        for (int i = 0; i < fragments.size(); i++) {
            Pdv f = fragments.get(i);
            assertThat(f.length()).isLessThanOrEqualTo(max);
            assertThat(f.last()).isEqualTo(i == fragments.size() - 1);
            if (!f.last()) {
                assertThat(f.length() % 2).as("non-last fragment even").isZero();
            }
            if (size > 0) {
                assertThat(f.length()).as("no empty fragment").isPositive();
            }
        }
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        new PDataInputStream(loop, 5).transferTo(back);
        // An odd stream (only a deflated data set can be one) gets one NUL of padding.
        assertThat(back.toByteArray()).isEqualTo(size % 2 == 0 ? data : Arrays.copyOf(data, size + 1));
    }

    @Test
    void dataOnAnotherContextIsAProtocolError() {
        Loop loop = new Loop(100);
        loop.sent.add(new Pdv(3, false, false, new byte[4], 0, 4));
        loop.sent.add(new Pdv(5, false, true, new byte[4], 0, 4));
        PDataInputStream in = new PDataInputStream(loop, 3);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(PduProtocolException.class)
                .hasMessageContaining("context 5").hasMessageContaining("context 3");
    }

    @Test
    void commandFragmentInsideDataIsAProtocolError() {
        Loop loop = new Loop(100);
        loop.sent.add(new Pdv(3, true, true, new byte[4], 0, 4));
        assertThatThrownBy(() -> new PDataInputStream(loop, 3).read()).isInstanceOf(PduProtocolException.class)
                .hasMessageContaining("command fragment");
    }

    @Test
    void drainSkipsToTheEndOfTheMessageOnly() throws IOException {
        Loop loop = new Loop(100);
        loop.sent.add(new Pdv(3, false, false, new byte[10], 0, 10));
        loop.sent.add(new Pdv(3, false, true, new byte[6], 0, 6));
        Pdv next = new Pdv(3, true, true, new byte[2], 0, 2);
        loop.sent.add(next);
        PDataInputStream in = new PDataInputStream(loop, 3);
        in.read();
        assertThat(in.drain()).isEqualTo(15);
        assertThat(loop.nextPdv()).isSameAs(next);
    }

    /** The pass-through of pixel data (DicomInput.copy): exactly n bytes across fragments, the rest left to read. */
    @Test
    void boundedTransferCopiesExactlyNBytesAcrossFragments() throws IOException {
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13 + 1);
        }
        Loop loop = new Loop(64);
        try (PDataOutputStream out = new PDataOutputStream(loop, 3, false)) {
            out.write(data);
        }
        PDataInputStream in = new PDataInputStream(loop, 3);
        byte[] head = in.readNBytes(7);
        ByteArrayOutputStream middle = new ByteArrayOutputStream();
        assertThat(in.transferTo(middle, 900)).isEqualTo(900);
        assertThat(head).isEqualTo(Arrays.copyOfRange(data, 0, 7));
        assertThat(middle.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 7, 907));
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 907, 1000));
    }

    @Test
    void boundedTransferStopsAtTheEndOfTheDataSet() throws IOException {
        Loop loop = new Loop(100);
        loop.sent.add(new Pdv(3, false, false, new byte[10], 0, 10));
        loop.sent.add(new Pdv(3, false, true, new byte[6], 0, 6));
        Pdv next = new Pdv(3, true, true, new byte[2], 0, 2);
        loop.sent.add(next);
        PDataInputStream in = new PDataInputStream(loop, 3);
        assertThat(in.transferTo(new ByteArrayOutputStream(), 100)).isEqualTo(16);
        assertThat(loop.nextPdv()).as("the next message is not touched").isSameAs(next);
    }
}

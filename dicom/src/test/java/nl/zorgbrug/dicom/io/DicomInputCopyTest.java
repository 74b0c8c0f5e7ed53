package nl.zorgbrug.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * DicomInput.copy passes large values (Pixel Data) through either in chunks of its own or straight from a
 * {@link BoundedTransfer} source (the received PDUs); both must copy the same bytes and count them the same.
 */
class DicomInputCopyTest {

    /** A byte source that also offers a bounded transfer, as PDataInputStream does. */
    static final class Direct extends ByteArrayInputStream implements BoundedTransfer {
        int transfers;

        Direct(byte[] b) {
            super(b);
        }

        @Override
        public long transferTo(OutputStream out, long n) throws IOException {
            transfers++;
            int len = (int) Math.min(n, count - pos);
            out.write(buf, pos, len);
            pos += len;
            return len;
        }
    }

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        return b;
    }

    @Test
    void aLargeValueIsCopiedTheSameFromADirectSourceAndFromAPlainStream() throws IOException {
        byte[] source = data(600_000);
        for (boolean direct : new boolean[] {true, false}) {
            Direct d = new Direct(source);
            DicomInput in = new DicomInput(direct ? d : new ByteArrayInputStream(source), "test", 0, -1);
            in.readFully(new byte[100], 0, 100, "head", () -> "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.copy(524_288, out, "Pixel Data", () -> "(7FE0,0010)");
            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(source, 100, 100 + 524_288));
            assertThat(in.position()).isEqualTo(100 + 524_288);
            byte[] rest = new byte[source.length - 100 - 524_288];
            in.readFully(rest, 0, rest.length, "rest", () -> "");
            assertThat(rest).isEqualTo(Arrays.copyOfRange(source, 100 + 524_288, source.length));
            assertThat(in.atEnd()).isTrue();
            assertThat(d.transfers).isEqualTo(direct ? 1 : 0);
        }
    }

    @Test
    void aDirectSourceThatEndsEarlyIsAParseErrorWithTheMissingCount() {
        DicomInput in = new DicomInput(new Direct(data(40_000)), "test", 0, -1);
        assertThatThrownBy(() -> in.copy(50_000, new ByteArrayOutputStream(), "Pixel Data", () -> "(7FE0,0010)"))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("10000 bytes missing").hasMessageContaining("(7FE0,0010)");
    }
}

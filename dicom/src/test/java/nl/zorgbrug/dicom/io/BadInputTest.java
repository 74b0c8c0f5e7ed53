package nl.zorgbrug.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;

/**
 * Bad input gets a specific error that names the source, the byte offset and the tag; the
 * reader never allocates from a length it has not checked and never loops forever.
 */
class BadInputTest {
    private static final TransferSyntax EXPLICIT = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;

    private static byte[] file(DataSet ds, TransferSyntax ts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.3", "1.2.3.4", ts, null), ds, ts, true), out);
        return out.toByteArray();
    }

    private static DataSet patient() {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.3");
        ds.setString(Tag.PatientName, VR.PN, "Test^Patient");
        ds.setString(Tag.PatientID, VR.LO, "ID1");
        DataSet item = DataSet.itemOf(ds);
        item.setString(Tag.PatientID, VR.LO, "999911120");
        ds.setSequence(Tag.OtherPatientIDsSequence, List.of(item));
        ds.setBytes(Tag.PixelData, VR.OW, new byte[64]);
        return ds;
    }

    private static DicomFile read(byte[] bytes, String name) throws IOException {
        return Part10Reader.read(new ByteArrayInputStream(bytes), name, bytes.length, -1);
    }

    /** Offset of the first element with this tag in an explicit VR LE encoding. */
    private static int offsetOf(byte[] bytes, int tag) {
        byte[] needle = {(byte) (tag >>> 16), (byte) (tag >>> 24), (byte) tag, (byte) (tag >>> 8)};
        for (int i = 132; i + 4 <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + 4, needle, 0, 4)) {
                return i;
            }
        }
        throw new AssertionError("tag not found");
    }

    @Test
    void nonDicomFileIsNamedAsSuch() {
        byte[] text = "This is a referral letter, not an image.\n".repeat(10).getBytes();
        assertThatThrownBy(() -> read(text, "brief.txt"))
                .isInstanceOf(NotDicomException.class)
                .hasMessageContaining("brief.txt")
                .hasMessageContaining("offset 128")
                .hasMessageContaining("DICM");
    }

    @Test
    void truncatedFileNamesOffsetAndTag() throws IOException {
        byte[] full = file(patient(), EXPLICIT);
        int at = offsetOf(full, Tag.PatientName);
        byte[] cut = Arrays.copyOf(full, at + 10);
        assertThatThrownBy(() -> read(cut, "cut.dcm"))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("cut.dcm")
                .hasMessageContaining("(0010,0010)")
                .satisfies(e -> assertThat(((DicomParseException) e).offset()).isEqualTo(at));
    }

    @Test
    void absurdLengthOnANonSequenceElementIsRejectedBeforeAllocation() throws IOException {
        byte[] bytes = file(patient(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        int at = offsetOf(bytes, Tag.PatientID);
        ByteBuffer.wrap(bytes, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xFFFFFFF0);
        assertThatThrownBy(() -> read(bytes, "absurd.dcm"))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("(0010,0020)")
                .hasMessageContaining("4294967280")
                .hasMessageContaining("runs past the end");
    }

    @Test
    void absurdLengthOnAStreamOfUnknownSizeEndsInAParseErrorNotOutOfMemory() throws IOException {
        byte[] bytes = file(patient(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        int at = offsetOf(bytes, Tag.PatientID);
        ByteBuffer.wrap(bytes, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFFFF00);
        // Length unknown (-1), as on a network stream: the value is read in chunks until the data runs out.
        assertThatThrownBy(() -> Part10Reader.read(new ByteArrayInputStream(bytes), "stream", -1, -1))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("ends early");
    }

    @Test
    void lengthPastTheEndOfAnItemIsReported() throws IOException {
        byte[] bytes = file(patient(), EXPLICIT);
        int seq = offsetOf(bytes, Tag.OtherPatientIDsSequence);
        // Item length (after the sequence header of 12 bytes and the item tag) made larger than the sequence.
        ByteBuffer.wrap(bytes, seq + 12 + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(1000);
        assertThatThrownBy(() -> read(bytes, "item.dcm"))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("(0010,1002)")
                .hasMessageContaining("item length 1000");
    }

    @Test
    void delimiterInTheWrongPlaceIsReported() throws IOException {
        byte[] bytes = file(patient(), EXPLICIT);
        int at = offsetOf(bytes, Tag.PatientID);
        // Overwrite the PatientID header with a Sequence Delimitation Item at top level.
        byte[] delim = {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0};
        System.arraycopy(delim, 0, bytes, at, 8);
        assertThatThrownBy(() -> read(bytes, "delim.dcm"))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("(FFFE,E0DD)")
                .hasMessageContaining("offset " + at);
    }

    @Test
    void unknownVrBytesAreReportedWithTheTag() throws IOException {
        byte[] bytes = file(patient(), EXPLICIT);
        int at = offsetOf(bytes, Tag.PatientID);
        bytes[at + 4] = '?';
        bytes[at + 5] = '!';
        assertThatThrownBy(() -> read(bytes, "vr.dcm"))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("unknown VR")
                .hasMessageContaining("(0010,0020)")
                .hasMessageContaining("offset " + (at + 4));
    }

    @Test
    void deeplyNestedSequencesStopAtTheDepthLimit() throws IOException {
        DataSet root = new DataSet();
        DataSet current = root;
        for (int i = 0; i < 300; i++) {
            DataSet item = DataSet.itemOf(current).undefinedLength(true);
            current.put(new nl.zorgbrug.dicom.data.Element(Tag.ContentSequence, VR.SQ,
                    new nl.zorgbrug.dicom.data.Value.Sequence(List.of(item), true)));
            current = item;
        }
        byte[] bytes = file(root, EXPLICIT);
        assertThatThrownBy(() -> read(bytes, "deep.dcm"))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining("nested deeper than 256");
    }

    @Test
    void aFileOnDiskIsNamedByItsPath(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("kapot.dcm");
        byte[] full = file(patient(), EXPLICIT);
        Files.write(f, Arrays.copyOf(full, full.length - 7));
        assertThatThrownBy(() -> Part10Reader.read(f))
                .isInstanceOf(DicomParseException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("(7FE0,0010)");
    }
}

package nl.zorgbrug.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.encoding.TransferSyntax;

/** The encoding pitfalls of the design brief, each pinned by a test. */
class EncodingRulesTest {

    private static byte[] encode(DataSet ds, TransferSyntax ts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DicomWriter(out).writeDataSet(ds, ts);
        return out.toByteArray();
    }

    private static DataSet decode(byte[] bytes, TransferSyntax ts) throws IOException {
        return Part10Reader.readDataSet(new ByteArrayInputStream(bytes), "test", bytes.length, ts);
    }

    @Test
    void oddLengthsArePaddedPerVr() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        ds.setString(Tag.PatientID, VR.LO, "ABC");
        byte[] b = encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        // UI pads with NUL, LO with a space (PS3.5 6.2).
        assertThat(b[8 + 5]).isEqualTo((byte) 0);
        assertThat(b[b.length - 1]).isEqualTo((byte) ' ');
    }

    @Test
    void oddLengthInputIsAcceptedOnRead() throws IOException {
        byte[] odd = {0x10, 0x00, 0x20, 0x00, 'L', 'O', 3, 0, 'A', 'B', 'C'};
        DataSet ds = decode(odd, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("ABC");
    }

    @Test
    void valuesOver64KibInAShortLengthVrAreWrittenAsUn() throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.StudyDescription, VR.LO, "x".repeat(70_000));
        byte[] b = encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        // CP-1066: the 16-bit length cannot hold it, so the element is encoded as UN with a 32-bit length.
        assertThat(new String(b, 4, 2)).isEqualTo("UN");
        assertThat(decode(b, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).get(Tag.StudyDescription).vr()).isEqualTo(VR.UN);
    }

    @Test
    void undefinedLengthUnIsReadAsAnImplicitLittleEndianSequence() throws IOException {
        // PS3.5 6.2.2: an undefined-length UN holds a sequence in implicit VR LE.
        DataSet item = new DataSet();
        item.setString(Tag.PatientID, VR.LO, "999911120");
        DataSet inner = new DataSet();
        inner.put(new Element(Tag.OtherPatientIDsSequence, VR.SQ, new Value.Sequence(List.of(item), true)));
        byte[] implicitItems = encode(inner, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        ByteArrayOutputStream explicit = new ByteArrayOutputStream();
        explicit.writeBytes(new byte[] {0x11, 0x00, 0x10, 0x10, 'U', 'N', 0, 0, -1, -1, -1, -1});
        explicit.writeBytes(java.util.Arrays.copyOfRange(implicitItems, 8, implicitItems.length));
        DataSet ds = decode(explicit.toByteArray(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Element un = ds.get(0x00111010);
        assertThat(un.vr()).isEqualTo(VR.UN);
        assertThat(((Value.Sequence) un.value()).items().get(0).getString(Tag.PatientID)).isEqualTo("999911120");
        assertThat(encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).isEqualTo(explicit.toByteArray());
    }

    @Test
    void implicitPrivateTagsAreUnAndKeptByteForByte() throws IOException {
        byte[] bytes = {0x09, 0x00, 0x10, 0x00, 6, 0, 0, 0, 'A', 'C', 'M', 'E', ' ', ' ',
                0x09, 0x00, 0x01, 0x10, 3, 0, 0, 0, 1, 2, 3};
        DataSet ds = decode(bytes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(ds.get(0x00090010).vr()).isEqualTo(VR.LO);
        assertThat(ds.getString(0x00090010)).isEqualTo("ACME");
        assertThat(ds.get(0x00091001).vr()).isEqualTo(VR.UN);
        assertThat(ds.getBytes(0x00091001)).containsExactly(1, 2, 3);
    }

    @Test
    void bigEndianValuesAreSwappedPerVr() throws IOException {
        DataSet ds = new DataSet();
        ds.setInt(Tag.Rows, VR.US, 0x0102);
        byte[] be = encode(ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(be).containsExactly(0x00, 0x28, 0x00, 0x10, 'U', 'S', 0, 2, 0x01, 0x02);
        assertThat(decode(be, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN).getInt(Tag.Rows, -1)).isEqualTo(0x0102);
    }

    @Test
    void itemsInheritTheCharacterSetOfTheirParent() {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        DataSet item = DataSet.itemOf(ds);
        item.setString(Tag.PatientName, VR.PN, "Ëlla");
        assertThat(item.getBytes(Tag.PatientName)[0]).isEqualTo((byte) 0xCB);
        ds.setSequence(Tag.OtherPatientIDsSequence, List.of(item));
        assertThat(ds.getSequence(Tag.OtherPatientIDsSequence).get(0).getString(Tag.PatientName)).isEqualTo("Ëlla");
    }

    /**
     * A defined-length sequence whose value also ends with a Sequence Delimitation Item (FFFE,E0DD): the
     * explicit length is what governs (PS3.5 7.5), so one is built here in the head (0010,1002) and one after
     * it (5200,9229), with Pixel Data behind both (issue 15: such objects were refused with 0xC000).
     */
    private static byte[] objectWithDelimitersInsideDefinedLengthSequences() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataSet head = new DataSet();
        head.setString(Tag.PatientName, VR.PN, "Bakker^Zoe");
        head.setString(Tag.PatientID, VR.LO, "LOCAL-1");
        out.writeBytes(encode(head, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        DataSet other = new DataSet();
        other.setString(Tag.PatientID, VR.LO, "999911120");
        out.writeBytes(definedLengthSequenceEndingInADelimiter(Tag.OtherPatientIDsSequence, other));
        DataSet shared = new DataSet();
        shared.setString(0x00180050, VR.DS, "1.5");
        out.writeBytes(definedLengthSequenceEndingInADelimiter(0x52009229, shared));
        DataSet pixels = new DataSet();
        pixels.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 2, 3, 4});
        out.writeBytes(encode(pixels, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        return out.toByteArray();
    }

    private static byte[] definedLengthSequenceEndingInADelimiter(int tag, DataSet item) throws IOException {
        byte[] inner = encode(item, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + 8 + inner.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag).put((byte) 'S').put((byte) 'Q').putShort((short) 0);
        b.putInt(8 + inner.length + 8);
        b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(inner.length).put(inner);
        b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        return b.array();
    }

    private static int count(byte[] bytes, byte[] what) {
        int n = 0;
        for (int i = 0; i + what.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                n++;
            }
        }
        return n;
    }

    private static final byte[] SEQUENCE_DELIMITER = {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0};

    @Test
    void aDelimiterAtTheEndOfADefinedLengthSequenceIsToleratedAndNotWrittenAgain() throws IOException {
        byte[] bytes = objectWithDelimitersInsideDefinedLengthSequences();
        DataSet ds = decode(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(ds.getSequence(Tag.OtherPatientIDsSequence)).hasSize(1);
        assertThat(ds.getSequence(Tag.OtherPatientIDsSequence).get(0).getString(Tag.PatientID)).isEqualTo("999911120");
        assertThat(ds.getSequence(0x52009229).get(0).getString(0x00180050)).isEqualTo("1.5");
        assertThat(ds.getBytes(Tag.PixelData)).containsExactly(1, 2, 3, 4);
        // Re-encoded, each sequence is a plain defined-length one: the stray delimiter carried no content.
        byte[] again = encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(count(again, SEQUENCE_DELIMITER)).isZero();
        assertThat(decode(again, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).contentEquals(ds)).isTrue();
    }

    @Test
    void aDelimiterAtTheEndOfADefinedLengthSequenceStreamsThroughTheEditor() throws IOException {
        byte[] bytes = objectWithDelimitersInsideDefinedLengthSequences();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        nl.zorgbrug.dicom.edit.StreamingEditor.editDataSet(new ByteArrayInputStream(bytes), "test",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, out, head -> {
                    DataSet scratch = DataSet.itemOf(head);
                    scratch.setString(Tag.PatientID, VR.LO, "EDITED");
                    return List.of(new nl.zorgbrug.dicom.edit.Edit.Put(scratch.get(Tag.PatientID)));
                });
        byte[] edited = out.toByteArray();
        // The head is re-encoded (its delimiter gone); after the head the bytes are copied as they came, so the
        // second sequence keeps its delimiter, which its unchanged length still counts.
        assertThat(count(edited, SEQUENCE_DELIMITER)).isEqualTo(1);
        DataSet ds = decode(edited, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("EDITED");
        assertThat(ds.getSequence(Tag.OtherPatientIDsSequence).get(0).getString(Tag.PatientID)).isEqualTo("999911120");
        assertThat(ds.getSequence(0x52009229).get(0).getString(0x00180050)).isEqualTo("1.5");
        assertThat(ds.getBytes(Tag.PixelData)).containsExactly(1, 2, 3, 4);
    }

    /** PS3.5 7.2: a group length the data set carries counts its group's bytes as encoded, whatever the syntax. */
    @Test
    void aGroupLengthIsWrittenWithItsGroupsLengthInTheSyntaxWritten() throws IOException {
        DataSet ds = new DataSet();
        ds.setBytes(0x00100000, VR.UL, new byte[] {0, 0, 0, 0});
        ds.setString(Tag.PatientName, VR.PN, "Bakker^Zoe");
        ds.setSequence(Tag.OtherPatientIDsSequence, List.of());
        for (TransferSyntax ts : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
            byte[] bytes = encode(ds, ts);
            // (0010,0000) is the first element and its group the last: the rest of the bytes are the group.
            int afterGroupLength = 8 + 4;
            assertThat(decode(bytes, ts).getInt(0x00100000, -1)).as(ts.name()).isEqualTo(bytes.length - afterGroupLength);
        }
    }
}

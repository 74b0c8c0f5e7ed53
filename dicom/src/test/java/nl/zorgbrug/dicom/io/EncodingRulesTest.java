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
}

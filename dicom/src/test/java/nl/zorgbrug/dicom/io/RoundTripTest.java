package nl.zorgbrug.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.encoding.TransferSyntax;

class RoundTripTest {

    static List<TransferSyntax> syntaxes() {
        return List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.of("1.2.840.10008.1.2.4.50"));
    }

    static DataSet sample(TransferSyntax ts) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1234567");
        ds.setString(Tag.PatientName, VR.PN, "Jürgen^van Dijk");
        ds.setString(Tag.PatientID, VR.LO, "LOCAL1");
        ds.setInt(Tag.Rows, VR.US, 2);
        ds.setInt(Tag.Columns, VR.US, 2);
        DataSet item = DataSet.itemOf(ds).undefinedLength(true);
        item.setString(Tag.PatientID, VR.LO, "999911120");
        item.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.840.1.113883.2.4.6.3");
        DataSet nested = DataSet.itemOf(item);
        nested.setString(Tag.UniversalEntityID, VR.UT, "2.16.840.1.113883.2.4.6.3");
        item.put(new nl.zorgbrug.dicom.data.Element(Tag.IssuerOfPatientIDQualifiersSequence, VR.SQ,
                new Value.Sequence(List.of(nested), true)));
        ds.setSequence(Tag.OtherPatientIDsSequence, List.of(item));
        ds.setBytes(0x00091010, VR.UN, new byte[] {1, 2, 3, 4, 5});
        if (ts.encapsulated()) {
            ds.put(new nl.zorgbrug.dicom.data.Element(Tag.PixelData, VR.OB,
                    new Value.Fragments(List.of(new byte[0], new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2}))));
        } else {
            ds.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 0, 2, 0, 3, 0, 4, 0});
        }
        return ds;
    }

    @ParameterizedTest
    @MethodSource("syntaxes")
    void writeReadWriteGivesTheSameBytes(TransferSyntax ts) throws IOException {
        DataSet ds = sample(ts);
        DataSet meta = FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.7", "2.25.1234567", ts, "TEST");
        byte[] first = write(new DicomFile(null, meta, ds, ts, true));

        DicomFile read = Part10Reader.read(new ByteArrayInputStream(first), "first", first.length, -1);
        assertThat(read.transferSyntax()).isEqualTo(ts);
        assertThat(read.dataSet().contentEquals(ds)).as("data set read back equals the one written").isTrue();
        assertThat(read.dataSet().getString(Tag.PatientName)).isEqualTo("Jürgen^van Dijk");
        assertThat(read.dataSet().getSequence(Tag.OtherPatientIDsSequence).get(0).getString(Tag.PatientID))
                .isEqualTo("999911120");
        assertThat(read.dataSet().getInt(Tag.Rows, -1)).isEqualTo(2);

        byte[] second = write(read);
        assertThat(second).isEqualTo(first);
    }

    private static byte[] write(DicomFile file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(file, out);
        return out.toByteArray();
    }
}

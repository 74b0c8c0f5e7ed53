package nl.zorgbrug.bsn.swap;

import static nl.zorgbrug.bsn.TestHeaders.BSN_A;
import static nl.zorgbrug.bsn.TestHeaders.LOCAL_ISSUER;
import static nl.zorgbrug.bsn.TestHeaders.mpi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.TestHeaders;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;

/** The swaps through the streaming editor, as the gateway will run them on a stream, in every transfer syntax. */
class SwapStreamingTest {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    final MasterPatientIndex mpi = CsvMasterPatientIndex.inMemory(List.of(mpi("L1", BSN_A, BsnStatus.VALIDATED)));
    final ExportSwap export = new ExportSwap(SwapPolicy.of(LOCAL_ISSUER));

    static byte[] encode(DataSet ds, String tsUid) throws IOException {
        TransferSyntax ts = TransferSyntax.of(tsUid);
        if (ts.encapsulated()) {
            ds.put(new Element(Tag.PixelData, VR.OB, new Value.Fragments(List.of(new byte[0], new byte[] {1, 2, 3, 4}))));
        } else {
            ds.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 0, 2, 0, 3, 0, 4, 0});
        }
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.42");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.7", "2.25.42", ts, "T"),
                ds, ts, true), out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
            "1.2.840.10008.1.2.4.50"})
    void exportStreamsThroughTheEditorInEveryTransferSyntax(String tsUid) throws IOException {
        byte[] in = encode(TestHeaders.local("L1").build(), tsUid);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamingEditor.editPart10(new ByteArrayInputStream(in), "test", in.length, out,
                SwapRefusedException.planner(head -> export.decide(head, mpi, NOW)));
        byte[] edited = out.toByteArray();
        DicomFile before = Part10Reader.read(new ByteArrayInputStream(in), "before", in.length, -1);
        DicomFile after = Part10Reader.read(new ByteArrayInputStream(edited), "after", edited.length, -1);
        assertThat(after.transferSyntax().uid()).isEqualTo(tsUid);
        assertThat(after.dataSet().getString(Tag.PatientID)).isEqualTo(BSN_A);
        assertThat(after.dataSet().getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
        assertThat(after.dataSet().getString(Tag.PatientName)).isEqualTo("Vries^Ëlla");
        DataSet pixelsBefore = new DataSet().put(before.dataSet().get(Tag.PixelData));
        DataSet pixelsAfter = new DataSet().put(after.dataSet().get(Tag.PixelData));
        assertThat(pixelsAfter.contentEquals(pixelsBefore)).as("Pixel Data copied unchanged").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.2"})
    void aRefusalStopsTheEditWithTheDecision(String tsUid) throws IOException {
        byte[] in = encode(TestHeaders.local("L9").build(), tsUid);
        assertThatThrownBy(() -> StreamingEditor.editPart10(new ByteArrayInputStream(in), "test", in.length,
                new ByteArrayOutputStream(), SwapRefusedException.planner(head -> export.decide(head, mpi, NOW))))
                .isInstanceOfSatisfying(SwapRefusedException.class,
                        e -> assertThat(e.decision().reason()).isEqualTo(ReasonCode.PATIENT_NOT_IN_MPI));
    }
}

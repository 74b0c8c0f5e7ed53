package nl.zorgbrug.dicom.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;

class StreamingEditorTest {

    private static DataSet header(String patientId) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2.1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.77");
        ds.setString(Tag.PatientName, VR.PN, "Ëlla^de Vries");
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setBytes(0x00100000, VR.UL, new byte[] {0, 0, 0, 0});
        return ds;
    }

    /**
     * Issue 15: a data set group length (0010,0000) that the sender included is kept and recomputed after the edit
     * changed its group (PS3.5 7.2: optional, but if present it must count the group's bytes). Checked on the raw
     * output: the value equals the bytes from after (0010,0000) to the first element of group 0020.
     */
    @Test
    void editsPatientAttributesAndRecomputesTheGroupLength(@TempDir Path tmp) throws IOException {
        DataSet ds = header("LOCAL-1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.78");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 2, 3, 4});
        Path in = tmp.resolve("in.dcm");
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2", "2.25.77", ts, null), ds, ts, true), in);
        Path out = tmp.resolve("out.dcm");
        StreamingEditor.Result r = StreamingEditor.edit(in, out, head -> {
            DataSet scratch = DataSet.itemOf(head);
            scratch.setString(Tag.PatientID, VR.LO, "999911120");
            return List.of(new Edit.Put(scratch.get(Tag.PatientID)), new Edit.Remove(Tag.PatientName));
        });
        DataSet edited = Part10Reader.read(out).dataSet();
        assertThat(edited.getString(Tag.PatientID)).isEqualTo("999911120");
        assertThat(edited.contains(Tag.PatientName)).isFalse();
        assertThat(edited.getBytes(Tag.PixelData)).containsExactly(1, 2, 3, 4);
        assertThat(r.originalHead().getString(Tag.PatientID)).isEqualTo("LOCAL-1");
        assertThat(Files.exists(in)).isTrue();

        byte[] bytes = Files.readAllBytes(out);
        int groupLength = indexOf(bytes, new byte[] {0x10, 0, 0, 0, 'U', 'L', 4, 0});
        int nextGroup = indexOf(bytes, new byte[] {0x20, 0, 0x0D, 0, 'U', 'I'});
        assertThat(groupLength).isPositive();
        assertThat(nextGroup).isGreaterThan(groupLength);
        long value = java.nio.ByteBuffer.wrap(bytes, groupLength + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(value).isEqualTo(nextGroup - (groupLength + 12));
        assertThat(edited.getInt(0x00100000, -1)).isEqualTo((int) value);
    }

    private static int indexOf(byte[] bytes, byte[] what) {
        for (int i = 0; i + what.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Issue 15: an object whose (0008,0005) term is unknown, here Latin-1 bytes under a made-up term, streams
     * through the editor like any other: the planner can read its UIDs and (leniently decoded) names, the text
     * it does not edit passes through byte for byte, and nothing throws over the character set.
     */
    @Test
    void anUnknownCharacterSetTermNeverStopsTheStream(@TempDir Path tmp) throws IOException {
        byte[] latin1Name = DataSet.pad("Ëlla^de Vries".getBytes(StandardCharsets.ISO_8859_1), VR.PN);
        DataSet ds = header("LOCAL-1");
        ds.setBytes(Tag.SpecificCharacterSet, VR.CS, DataSet.pad("LATIN1 PLEASE".getBytes(StandardCharsets.US_ASCII), VR.CS));
        ds.setBytes(Tag.PatientName, VR.PN, latin1Name);
        ds.setBytes(Tag.PixelData, VR.OW, new byte[] {1, 2, 3, 4});
        Path in = tmp.resolve("in.dcm");
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2", "2.25.77", ts, null), ds, ts, true), in);

        Path out = tmp.resolve("out.dcm");
        String[] seen = new String[3];
        StreamingEditor.edit(in, out, head -> {
            seen[0] = head.getString(Tag.SOPInstanceUID);
            seen[1] = head.getString(Tag.PatientName);
            seen[2] = String.join(",", head.decodingCharset().unknownTerms());
            return List.of(new Edit.Put(new nl.zorgbrug.dicom.data.Element(Tag.PatientID, VR.LO,
                    new nl.zorgbrug.dicom.data.Value.Bytes("999911120 ".getBytes(StandardCharsets.US_ASCII)))));
        });

        assertThat(seen[0]).isEqualTo("2.25.77");
        assertThat(seen[1]).as("unknown terms decode as Latin-1, every byte visible").isEqualTo("Ëlla^de Vries");
        assertThat(seen[2]).isEqualTo("LATIN1 PLEASE");
        DicomFile edited = Part10Reader.read(out);
        assertThat(edited.sopInstanceUid()).isEqualTo("2.25.77");
        assertThat(edited.dataSet().getBytes(Tag.PatientName)).isEqualTo(latin1Name);
        assertThat(edited.dataSet().getString(Tag.PatientID)).isEqualTo("999911120");
        assertThat(edited.dataSet().getBytes(Tag.PixelData)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void refusesEditsOutsideTheHead() {
        DataSet head = header("X");
        assertThatThrownBy(() -> StreamingEditor.apply(head, List.of(new Edit.Remove(Tag.PixelData))))
                .hasMessageContaining("(7FE0,0010)");
    }

    @Test
    void refusesToEditAFileOntoItself(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("same.dcm"), "x");
        assertThatThrownBy(() -> StreamingEditor.edit(f, f, head -> List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * A 2 GiB multi-frame object passes through a child JVM whose heap is capped at 64 MB. The input
     * is sparse (its pixels are a hole of zeros), so making it costs no disk writes.
     */
    @Test
    void twoGigabyteObjectPassesThroughWithA64MegabyteHeap(@TempDir Path tmp) throws Exception {
        long pixelBytes = 2L * 1024 * 1024 * 1024 - 2;
        DataSet ds = header("LOCAL-2");
        ds.setString(Tag.NumberOfFrames, VR.IS, "4096");
        Path in = tmp.resolve("big.dcm");
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2", "2.25.77", ts, null), ds, ts, true), in);
        long headerEnd = Files.size(in);
        try (RandomAccessFile raf = new RandomAccessFile(in.toFile(), "rw")) {
            raf.seek(headerEnd);
            byte[] pixelHeader = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0,
                    (byte) pixelBytes, (byte) (pixelBytes >> 8), (byte) (pixelBytes >> 16), (byte) (pixelBytes >> 24)};
            raf.write(pixelHeader);
            raf.setLength(headerEnd + pixelHeader.length + pixelBytes);
            raf.seek(raf.length() - 4);
            raf.write(new byte[] {9, 8, 7, 6});
        }
        Path out = tmp.resolve("edited.dcm");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", "target/classes" + java.io.File.pathSeparator + "target/test-classes",
                LargeObjectEdit.class.getName(), in.toString(), out.toString(), "EDITED-2")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("peak-heap-bytes=");
        long peak = Long.parseLong(output.replaceAll("(?s).*peak-heap-bytes=(\\d+).*", "$1"));
        assertThat(peak).isLessThan(64L * 1024 * 1024);

        DicomFile edited = Part10Reader.readHeader(out);
        assertThat(edited.dataSet().getString(Tag.PatientID)).isEqualTo("EDITED-2");
        // Only the Patient ID's length changed; its group length (0010,0000) is kept, recomputed.
        assertThat(Files.size(out)).isEqualTo(Files.size(in) + "EDITED-2".length() - "LOCAL-2 ".length());
        try (RandomAccessFile raf = new RandomAccessFile(out.toFile(), "r")) {
            raf.seek(raf.length() - 4);
            byte[] tail = new byte[4];
            raf.readFully(tail);
            assertThat(tail).containsExactly(9, 8, 7, 6);
        }
        Files.delete(out);
    }
}

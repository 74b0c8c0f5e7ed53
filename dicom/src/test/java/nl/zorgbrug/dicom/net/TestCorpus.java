package nl.zorgbrug.dicom.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;

/** Generates small CT objects in any transfer syntax for the network tests; nothing is committed. */
public final class TestCorpus {
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final TransferSyntax JPEG_BASELINE = TransferSyntax.of("1.2.840.10008.1.2.4.50");
    /** Uncompressed syntaxes plus one encapsulated one: what the interop tests cover. */
    public static final List<TransferSyntax> SYNTAXES = List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
            TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, JPEG_BASELINE);

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() & 0xFFFFFFFL);

    private TestCorpus() {
    }

    public static String newUid() {
        return "2.25.9" + Math.abs(System.nanoTime() % 1_000_000_000L) + SEQ.incrementAndGet();
    }

    /** A CT image of rows x cols 16-bit pixels (or a fake JPEG stream when ts is encapsulated). */
    public static DataSet ct(String iuid, int rows, int cols, TransferSyntax ts) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, CT_IMAGE_STORAGE);
        ds.setString(Tag.SOPInstanceUID, VR.UI, iuid);
        ds.setString(Tag.StudyDate, VR.DA, "20260101");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Test^Patiënt");
        ds.setString(Tag.PatientID, VR.LO, "TEST-0001");
        DataSet other = DataSet.itemOf(ds);
        other.setString(Tag.PatientID, VR.LO, "999911120");
        other.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.840.1.113883.2.4.6.3");
        ds.setSequence(Tag.OtherPatientIDsSequence, List.of(other));
        ds.setString(Tag.StudyInstanceUID, VR.UI, iuid + ".1");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, iuid + ".2");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, cols);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = new byte[rows * cols * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            int v = (i / 2 * 7) & 0x0FFF;
            pixels[i] = (byte) v;
            pixels[i + 1] = (byte) (v >> 8);
        }
        if (ts.encapsulated()) {
            byte[] frame = new byte[pixels.length / 4];
            frame[0] = (byte) 0xFF;
            frame[1] = (byte) 0xD8;
            System.arraycopy(pixels, 0, frame, 2, frame.length - 4);
            frame[frame.length - 2] = (byte) 0xFF;
            frame[frame.length - 1] = (byte) 0xD9;
            ds.put(new Element(Tag.PixelData, VR.OB, new Value.Fragments(List.of(new byte[0], frame))));
        } else {
            ds.put(new Element(Tag.PixelData, VR.OW, new Value.Bytes(pixels)));
        }
        return ds;
    }

    public static Path write(Path dir, TransferSyntax ts, int rows, int cols) throws IOException {
        String iuid = newUid();
        DataSet ds = ct(iuid, rows, cols, ts);
        DataSet meta = FileMetaInformation.create(CT_IMAGE_STORAGE, iuid, ts, "TESTCORPUS");
        Files.createDirectories(dir);
        Path file = dir.resolve(iuid + ".dcm");
        Part10Writer.write(new DicomFile(null, meta, ds, ts, true), file);
        return file;
    }

    /** One file per syntax of {@link #SYNTAXES}. */
    public static List<Path> writeAll(Path dir, int rows, int cols) throws IOException {
        List<Path> files = new ArrayList<>();
        for (TransferSyntax ts : SYNTAXES) {
            files.add(write(dir, ts, rows, cols));
        }
        return files;
    }

    /** The bytes of a PS3.10 file after its File Meta Information: the data set as encoded. */
    public static byte[] dataSetBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Part10Reader.Opened opened = Part10Reader.open(in, file.toString(), Files.size(file));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            opened.input().transferRest(out);
            return out.toByteArray();
        }
    }

    /**
     * The data set bytes as a sender puts them on the wire: an odd-length deflated stream gets one
     * trailing NUL (see PDataOutputStream), everything else is already even.
     */
    public static byte[] dataSetBytesAsSent(Path file) throws IOException {
        byte[] b = dataSetBytes(file);
        return (b.length & 1) == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    public static TransferSyntax transferSyntaxOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Part10Reader.open(in, file.toString(), Files.size(file)).transferSyntax();
        }
    }
}

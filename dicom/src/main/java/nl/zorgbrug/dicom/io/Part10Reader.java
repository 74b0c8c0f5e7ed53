package nl.zorgbrug.dicom.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;

/**
 * Reads PS3.10 files: the 128-byte preamble and "DICM" (PS3.10 7.1), the File Meta Information,
 * then the data set in the transfer syntax the meta names; deflated data sets are inflated as raw
 * RFC 1951 data (PS3.5 A.5). Files without preamble that start directly with group 0002 are read
 * too, since some archives write them.
 */
public final class Part10Reader {
    /** Stop before Pixel Data (7FE0,0010): header-only reads never touch the pixels. */
    public static final long STOP_BEFORE_PIXEL_DATA = Integer.toUnsignedLong(Tag.PixelData);

    private Part10Reader() {
    }

    /** Reads the whole file into memory. */
    public static DicomFile read(Path file) throws IOException {
        return read(file, -1L);
    }

    /** Reads the header: every top-level element before Pixel Data, which is not read. */
    public static DicomFile readHeader(Path file) throws IOException {
        return read(file, STOP_BEFORE_PIXEL_DATA);
    }

    public static DicomFile read(Path file, long stopBefore) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), Files.size(file), stopBefore);
        }
    }

    /** Reads from a stream; {@code length} is the total size in bytes, or -1 when unknown. */
    public static DicomFile read(InputStream stream, String source, long length, long stopBefore) throws IOException {
        Opened opened = open(stream, source, length);
        DataSet ds;
        if (opened.transferSyntax().deflated()) {
            DicomInput inflated = inflate(opened.input(), source);
            ds = new DicomReader(inflated).readDataSet(opened.transferSyntax(), stopBefore);
        } else {
            ds = new DicomReader(opened.input()).readDataSet(opened.transferSyntax(), stopBefore);
        }
        return new DicomFile(opened.preamble(), opened.fileMeta(), ds, opened.transferSyntax(), stopBefore < 0);
    }

    /** Reads a bare data set (no preamble, no meta) in a transfer syntax the caller knows. */
    public static DataSet readDataSet(InputStream stream, String source, long length, TransferSyntax ts)
            throws IOException {
        DicomInput in = new DicomInput(stream, source, 0, length);
        if (ts.deflated()) {
            in = inflate(in, source);
        }
        return new DicomReader(in).readDataSet(ts);
    }

    /** The parts of a file up to its data set; {@code input} is positioned at the data set's first byte. */
    public record Opened(byte[] preamble, DataSet fileMeta, TransferSyntax transferSyntax, DicomInput input) {
    }

    public static Opened open(InputStream stream, String source, long length) throws IOException {
        DicomInput in = new DicomInput(stream, source, 0, length);
        byte[] first = new byte[132];
        int seen = in.peek(first, 132);
        byte[] preamble = null;
        if (seen == 132 && "DICM".equals(new String(first, 128, 4, StandardCharsets.US_ASCII))) {
            preamble = Arrays.copyOf(first, 128);
            in.skip(132, "preamble", () -> "");
        } else if (!(seen >= 8 && first[0] == 0x02 && first[1] == 0x00 && Character.isUpperCase(first[4])
                && Character.isUpperCase(first[5]))) {
            throw new NotDicomException(source, seen >= 132 ? 128 : 0,
                    seen < 132 ? "too short for a DICOM file (" + seen + " bytes) and no File Meta Information at its start"
                            : "no \"DICM\" prefix after the 128-byte preamble and no File Meta Information at its start;"
                            + " this is not a PS3.10 DICOM file");
        }
        DataSet meta = new DicomReader(in).readFileMeta();
        String tsUid = meta.getString(Tag.TransferSyntaxUID);
        if (tsUid == null || tsUid.isEmpty()) {
            throw new DicomParseException(source, in.position(), Tag.toString(Tag.TransferSyntaxUID),
                    "File Meta Information has no Transfer Syntax UID");
        }
        return new Opened(preamble, meta, TransferSyntax.of(tsUid), in);
    }

    /** PS3.5 A.5: the deflated data set is raw RFC 1951 data without a zlib header. */
    static DicomInput inflate(DicomInput in, String source) {
        return new DicomInput(new InflaterInputStream(in.asInputStream(), new Inflater(true), 64 * 1024),
                source + " (inflated data set)", 0, -1);
    }
}

package nl.zorgbrug.dicom.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import nl.zorgbrug.dicom.data.DataSet;

/**
 * Writes PS3.10 files: preamble, "DICM", File Meta Information with a recomputed group length,
 * then the data set, deflated as raw RFC 1951 data for the deflated transfer syntax (PS3.5 A.5).
 */
public final class Part10Writer {
    private Part10Writer() {
    }

    public static void write(DicomFile file, OutputStream out) throws IOException {
        writePreambleAndMeta(file.preamble(), file.fileMeta(), out);
        if (file.transferSyntax().deflated()) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                DeflaterOutputStream deflated = new DeflaterOutputStream(out, deflater, 64 * 1024);
                new DicomWriter(deflated).writeDataSet(file.dataSet(), file.transferSyntax());
                deflated.finish();
                padDeflated(deflater, out);
            } finally {
                deflater.end();
            }
        } else {
            new DicomWriter(out).writeDataSet(file.dataSet(), file.transferSyntax());
        }
        out.flush();
    }

    /**
     * PS3.5 A.5: a deflated bit stream of odd length gets one trailing NUL, so the data set is of even
     * length (network peers such as dcmtk refuse odd fragments). Inflating stops before it.
     */
    public static void padDeflated(Deflater finished, OutputStream out) throws IOException {
        if ((finished.getBytesWritten() & 1) == 1) {
            out.write(0);
        }
    }

    /** Writes to a temporary file beside target, forces it to disk and renames it into place. */
    public static void write(DicomFile file, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
            write(file, out);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void writePreambleAndMeta(byte[] preamble, DataSet meta, OutputStream out) throws IOException {
        out.write(preamble != null && preamble.length == 128 ? preamble : new byte[128]);
        out.write(new byte[] {'D', 'I', 'C', 'M'});
        out.write(FileMetaInformation.encode(meta));
    }
}

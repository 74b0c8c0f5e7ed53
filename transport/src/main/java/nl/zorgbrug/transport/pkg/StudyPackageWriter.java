package nl.zorgbrug.transport.pkg;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;

/**
 * Packs one study into a ZIP in the layout of an IHE PDI medium (IHE RAD TF-1 15, TF-3 4.47): the DICOMDIR at the
 * root, the objects under {@code DICOM/} with File IDs of PS3.10 8.2 (components of at most 8 characters A-Z, 0-9
 * and _: {@code DICOM/ST000001/SE000001/IM000001}), and beside them {@code manifest.json} ({@link PackageManifest}).
 * The objects are packed as given: the export swap is applied before, by the route's edits.
 */
public final class StudyPackageWriter {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final String DICOMDIR = "DICOMDIR";

    private StudyPackageWriter() {
    }

    /**
     * Writes the package of these DICOM files, all of the manifest's study, to {@code zip}.
     *
     * @param manifest what the manifest says besides the files (which this fills in); its accession number is left
     *                 out when not every object carries it
     * @return the manifest as written, with every file's size and SHA-256
     * @throws IllegalArgumentException when a file belongs to another study than the manifest names
     */
    public static PackageManifest write(PackageManifest manifest, List<Path> dicomFiles, Path zip) throws IOException {
        List<DicomdirWriter.Entry> entries = new ArrayList<>();
        List<PackageManifest.FileEntry> files = new ArrayList<>();
        Map<String, String> seriesFolders = new LinkedHashMap<>();
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(zip), 256 * 1024);
             ZipOutputStream out = new ZipOutputStream(raw)) {
            // Pixel data seldom shrinks much; the fastest level keeps packing from slowing the transfer.
            out.setLevel(Deflater.BEST_SPEED);
            int image = 0;
            boolean oneAccession = true;
            for (Path file : dicomFiles) {
                DicomFile head = Part10Reader.read(file, StreamingEditor.HEAD_END);
                DataSet ds = head.dataSet();
                String study = ds.getString(Tag.StudyInstanceUID);
                if (!manifest.studyInstanceUid().equals(study)) {
                    throw new IllegalArgumentException(file + " is of study " + study + ", the package is of study "
                            + manifest.studyInstanceUid() + ": one package holds one study");
                }
                oneAccession &= java.util.Objects.equals(manifest.accessionNumber(), ds.getString(Tag.AccessionNumber));
                String series = String.valueOf(ds.getString(Tag.SeriesInstanceUID));
                String seriesFolder = seriesFolders.computeIfAbsent(series,
                        s -> String.format("SE%06d", seriesFolders.size() + 1));
                List<String> fileId = List.of("DICOM", "ST000001", seriesFolder, String.format("IM%06d", ++image));
                String name = String.join("/", fileId);
                out.putNextEntry(new ZipEntry(name));
                MessageDigest sha = sha256();
                long size;
                try (InputStream in = Files.newInputStream(file)) {
                    DigestOutputStream digesting = new DigestOutputStream(new NonClosing(out), sha);
                    size = in.transferTo(digesting);
                }
                out.closeEntry();
                files.add(new PackageManifest.FileEntry(name, size, HexFormat.of().formatHex(sha.digest()),
                        head.sopInstanceUid()));
                entries.add(new DicomdirWriter.Entry(fileId, ds, head.sopClassUid(), head.sopInstanceUid(),
                        head.transferSyntax().uid()));
            }
            out.putNextEntry(new ZipEntry(DICOMDIR));
            out.write(DicomdirWriter.write("ZORGBRUG", entries));
            out.closeEntry();
            // The manifest names an accession only when every object carries it (a study's objects seldom differ).
            PackageManifest written = (oneAccession ? manifest : manifest.withoutAccession()).withFiles(files);
            out.putNextEntry(new ZipEntry(PackageManifest.NAME));
            out.write(JSON.writeValueAsBytes(written));
            out.closeEntry();
            out.finish();
            return written;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (java.security.MessageDigest)", e);
        }
    }

    /** Lets a digesting stream be used per entry without closing the ZIP under it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

package nl.zorgbrug.dicom.net.service;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.DicomInput;
import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.DicomReader;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;

/**
 * Stores each received object as a PS3.10 file {@code <SOP Instance UID>.dcm} in a directory: File
 * Meta Information built from the command and the presentation context (PS3.10 7.1), then the data
 * set bytes exactly as received, after checking that its SOP Class and Instance UIDs are those of the
 * command. Written to a temporary file, forced to disk and renamed, so a success status is only sent
 * for an object that is really stored.
 */
public final class FileStoreHandler implements CStoreHandler {
    /** PS3.5 9.1: UIDs are digits and dots, at most 64 characters — and so safe as file names. */
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private final Path directory;
    private final boolean forceToDisk;

    /** Forces every file to disk before answering success. */
    public FileStoreHandler(Path directory) {
        this(directory, true);
    }

    /**
     * @param forceToDisk fsync each file before answering; without it a crash right after the success
     *                    response can lose the object (only for tools and benchmarks that accept that)
     */
    public FileStoreHandler(Path directory, boolean forceToDisk) {
        this.directory = directory;
        this.forceToDisk = forceToDisk;
    }

    @Override
    public Status store(StoreRequest request, InputStream dataSet) throws IOException, DimseStatusException {
        String iuid = request.sopInstanceUid();
        if (iuid.length() > 64 || !UID.matcher(iuid).matches()) {
            throw new DimseStatusException(Status.CANNOT_UNDERSTAND, "invalid SOP Instance UID");
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
        }
        Path target = directory.resolve(iuid + ".dcm");
        // Unique per thread, so two associations storing the same instance never share a temporary file.
        Path tmp = directory.resolve(iuid + "." + Thread.currentThread().getId() + ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 256 * 1024)) {
                DataSet meta = FileMetaInformation.create(request.sopClassUid(), iuid, request.transferSyntax(),
                        request.callingAeTitle());
                Part10Writer.writePreambleAndMeta(null, meta, out);
                if (!request.transferSyntax().deflated()) {
                    checkHead(request, dataSet, out);
                }
                dataSet.transferTo(out);
            }
            if (forceToDisk) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Status.SUCCESS;
    }

    /**
     * Reads the head of the data set up to SOP Instance UID while copying every byte read to the file,
     * and checks it against the command (PS3.4 B.2.3): another SOP class is 0xA900, another instance
     * 0xC000. The rest then streams on unparsed. (A deflated data set is stored without this check.)
     */
    private static void checkHead(StoreRequest request, InputStream dataSet, OutputStream out)
            throws IOException, DimseStatusException {
        InputStream tee = new java.io.FilterInputStream(dataSet) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    out.write(b);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    out.write(b, off, n);
                }
                return n;
            }
        };
        DataSet head;
        try {
            head = new DicomReader(new DicomInput(tee, "C-STORE data set from " + request.callingAeTitle(), 0, -1))
                    .readDataSet(request.transferSyntax(), Integer.toUnsignedLong(Tag.SOPInstanceUID) + 1);
        } catch (DicomParseException e) {
            throw new DimseStatusException(Status.CANNOT_UNDERSTAND, "unreadable data set: " + e.getMessage());
        }
        String cuid = head.getString(Tag.SOPClassUID);
        String iuid = head.getString(Tag.SOPInstanceUID);
        if (cuid != null && !cuid.equals(request.sopClassUid())) {
            throw new DimseStatusException(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                    "data set is " + StorageSopClasses.keyword(cuid));
        }
        if (iuid != null && !iuid.equals(request.sopInstanceUid())) {
            throw new DimseStatusException(Status.CANNOT_UNDERSTAND, "SOP Instance UID differs from the command");
        }
    }
}

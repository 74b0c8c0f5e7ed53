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
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;

/**
 * Stores each received object as a PS3.10 file {@code <SOP Instance UID>.dcm} in a directory: File
 * Meta Information built from the command and the presentation context (PS3.10 7.1), then the data
 * set bytes exactly as received. Written to a temporary file, forced to disk and renamed, so a
 * success status is only sent for an object that is really stored.
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
}

package nl.zorgbrug.gateway.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The durable spool: every received object is written here and forced to disk before the sender
 * hears "success" (the gateway never acknowledges what it could lose). Objects are written to a
 * temporary file, fsynced, renamed atomically into place and the directory entry fsynced, so after
 * a crash a spooled object is either whole or absent; leftover temporary files are removed by
 * {@link #recover()}. An object is kept until it has been delivered or a person discards it.
 *
 * <p>Layout: {@code ROOT/<study instance uid>/<sop instance uid>.dcm}.
 */
public final class Spool {
    private static final String PART = ".part";
    private final Path root;
    private final long minimumFreeBytes;

    public Spool(Path root) throws IOException {
        this(root, 0);
    }

    /**
     * @param minimumFreeBytes refuse new objects (as "disk full") while less than this is free, so the
     *                         node keeps room to finish what it has accepted and for its database
     */
    public Spool(Path root, long minimumFreeBytes) throws IOException {
        this.root = Files.createDirectories(root);
        this.minimumFreeBytes = minimumFreeBytes;
    }

    private void checkFreeSpace() throws IOException {
        if (minimumFreeBytes > 0 && Files.getFileStore(root).getUsableSpace() < minimumFreeBytes) {
            throw new SpoolFullException(root, new IOException("less than " + minimumFreeBytes
                    + " bytes free (zorgbrug.spool-min-free)"));
        }
    }

    public Path root() {
        return root;
    }

    /** Where an object lives, whether or not it has arrived. */
    public Path pathOf(String studyInstanceUid, String sopInstanceUid) {
        return root.resolve(safe(studyInstanceUid)).resolve(safe(sopInstanceUid) + ".dcm");
    }

    /**
     * Writes an object durably. {@code writer} gets the output stream of a temporary file; once it
     * returns, the file is forced to disk and renamed into place. When an object with this SOP
     * Instance UID is already spooled for the study, the existing copy is kept and returned
     * (a resend is de-duplicated, not stored twice).
     *
     * @throws SpoolFullException when the disk is full; nothing half-written is left behind
     */
    public SpooledObject store(String studyInstanceUid, String sopInstanceUid, ObjectWriter writer) throws IOException {
        Path target = pathOf(studyInstanceUid, sopInstanceUid);
        Path dir = Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            return new SpooledObject(studyInstanceUid, sopInstanceUid, target, Files.size(target), true);
        }
        checkFreeSpace();
        Path tmp = dir.resolve(target.getFileName() + "." + UUID.randomUUID() + PART);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 256 * 1024)) {
                writer.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (Files.exists(target)) {
                    Files.deleteIfExists(tmp);
                    return new SpooledObject(studyInstanceUid, sopInstanceUid, target, Files.size(target), true);
                }
                throw e;
            }
            forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            if (isDiskFull(e)) {
                throw new SpoolFullException(root, e);
            }
            throw e;
        }
        return new SpooledObject(studyInstanceUid, sopInstanceUid, target, Files.size(target), false);
    }

    /**
     * Receives an object whose study is not known until its header has been read, as on the network:
     * writes it to {@code incoming/}, forces it to disk, reads the Study Instance UID from the file and
     * moves it into its study's folder. A resend of a spooled object is recognised and the new copy dropped.
     */
    public SpooledObject receive(String sopInstanceUid, ObjectWriter writer) throws IOException {
        safe(sopInstanceUid);
        Path incoming = Files.createDirectories(root.resolve("incoming"));
        SpooledObject staged = storeIn(incoming, sopInstanceUid, writer);
        String study;
        try {
            study = nl.zorgbrug.dicom.io.Part10Reader.read(staged.path(), 0x00200010L).dataSet()
                    .getString(nl.zorgbrug.dicom.data.Tag.StudyInstanceUID);
            safe(study);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(staged.path());
            throw e;
        }
        Path target = pathOf(study, sopInstanceUid);
        Path dir = Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            Files.delete(staged.path());
            return new SpooledObject(study, sopInstanceUid, target, Files.size(target), true);
        }
        Files.move(staged.path(), target, StandardCopyOption.ATOMIC_MOVE);
        // One directory sync makes the rename durable (both directory entries change in one journal commit).
        forceDirectory(dir);
        return new SpooledObject(study, sopInstanceUid, target, Files.size(target), false);
    }

    private SpooledObject storeIn(Path dir, String sopInstanceUid, ObjectWriter writer) throws IOException {
        checkFreeSpace();
        Path target = dir.resolve(UUID.randomUUID() + "-" + sopInstanceUid + ".dcm");
        Path tmp = dir.resolve(target.getFileName() + PART);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 256 * 1024)) {
                writer.writeTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            if (isDiskFull(e)) {
                throw new SpoolFullException(root, e);
            }
            throw e;
        }
        return new SpooledObject(null, sopInstanceUid, target, Files.size(target), false);
    }

    /** Convenience for a stream that holds the whole object. */
    public SpooledObject store(String studyInstanceUid, String sopInstanceUid, InputStream in) throws IOException {
        return store(studyInstanceUid, sopInstanceUid, in::transferTo);
    }

    public Optional<Path> find(String studyInstanceUid, String sopInstanceUid) {
        Path p = pathOf(studyInstanceUid, sopInstanceUid);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    /** Removes a delivered or discarded object, and its study folder when that is empty. */
    public void remove(String studyInstanceUid, String sopInstanceUid) throws IOException {
        Path p = pathOf(studyInstanceUid, sopInstanceUid);
        Files.deleteIfExists(p);
        try (Stream<Path> rest = Files.list(p.getParent())) {
            if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(p.getParent());
            }
        } catch (java.nio.file.NoSuchFileException ignored) {
            // already gone
        }
    }

    /**
     * Removes temporary files left by a crash mid-write (their senders never got a success
     * response, so they will resend) and returns how many there were.
     */
    public int recover() throws IOException {
        List<Path> parts = new ArrayList<>();
        Path incoming = root.resolve("incoming");
        try (Stream<Path> all = Files.walk(root)) {
            // Also objects fully staged in incoming/ but not yet moved: their C-STORE was never answered.
            all.filter(p -> p.getFileName().toString().endsWith(PART)
                    || (p.getParent() != null && p.getParent().equals(incoming) && Files.isRegularFile(p)))
                    .forEach(parts::add);
        }
        for (Path p : parts) {
            Files.deleteIfExists(p);
        }
        return parts.size();
    }

    /** UIDs are digits and dots (PS3.5 9.1); anything else is refused so a UID can never name another path. */
    static String safe(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64 || !uid.matches("[0-9.]+") || uid.contains("..")) {
            throw new IllegalArgumentException("not a valid DICOM UID (PS3.5 9.1): '" + uid + "'");
        }
        return uid;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Some file systems do not allow opening a directory; the rename is still atomic there.
        }
    }

    private static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** Writes the bytes of one object; usually the streaming editor or a network stream. */
    @FunctionalInterface
    public interface ObjectWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}

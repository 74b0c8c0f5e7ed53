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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.Part10Reader;

/**
 * The durable spool: every received object is written here and forced to disk before the sender
 * hears "success" (the gateway never acknowledges what it could lose). Objects are written to a
 * temporary file, fsynced, renamed atomically into place and the directory entry fsynced, so after
 * a crash a spooled object is either whole or absent; leftover temporary files are removed by
 * {@link #recover()}. An object is kept until it has been delivered or a person discards it.
 *
 * <p>Layout: {@code ROOT/<study instance uid>/<sop instance uid>.dcm}; a later version of the same instance (a
 * corrected object sent again with the same SOP Instance UID, issue 15) beside it as
 * {@code <sop instance uid>.v<n>.dcm}. Every version is a file of its own that never changes, so a delivery that
 * decided on one version's head sends exactly that version; the job's instance names its current version.
 */
public final class Spool {
    static final String PART = ".part";
    private final Path root;
    private final DiskReserves reserves;
    private final java.util.concurrent.ConcurrentHashMap<String, Spool> routes = new java.util.concurrent.ConcurrentHashMap<>();

    public Spool(Path root) throws IOException {
        this(root, DiskReserves.none());
    }

    /**
     * @param minimumFreeBytes refuse new objects (as "disk full") while less than this is free on the spool's disk,
     *                         so the node keeps room to finish what it has accepted
     */
    public Spool(Path root, long minimumFreeBytes) throws IOException {
        this(root, new DiskReserves(List.of(new DiskReserve("spool", root, minimumFreeBytes, "zorgbrug.spool-min-free")),
                FreeSpace.fileStore()));
    }

    /**
     * @param reserves refuse new objects while any of these disks (the spool's, the database's) has less free than
     *                 its reserve, so what the node has accepted can still be recorded and delivered
     */
    public Spool(Path root, DiskReserves reserves) throws IOException {
        this.root = Files.createDirectories(root);
        this.reserves = java.util.Objects.requireNonNull(reserves, "reserves");
    }

    /** Refuses a new object before anything of it is written while a disk the node writes to is below its reserve. */
    private void checkFreeSpace() throws SpoolFullException {
        Optional<DiskReserve.Reading> low = reserves.firstLow();
        if (low.isPresent()) {
            throw new SpoolFullException(low.get());
        }
    }

    /** The disks this spool keeps room on, read by the node's health. */
    public DiskReserves reserves() {
        return reserves;
    }

    public Path root() {
        return root;
    }

    /**
     * The part of the spool for one route. Objects are de-duplicated per route (so per destination and
     * direction): the same instance may go out on one route and come back in on another.
     */
    public Spool forRoute(String routeName) {
        if (routeName == null || !ROUTE_NAME.matcher(routeName).matches()) {
            throw new IllegalArgumentException("route name '" + routeName + "' must be 1-64 letters, digits, '-' or '_'");
        }
        return routes.computeIfAbsent(routeName, name -> {
            try {
                return new Spool(root.resolve("routes").resolve(name), reserves);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot create the spool folder of route " + name, e);
            }
        });
    }

    /** Where an object (its first version) lives, whether or not it has arrived. */
    public Path pathOf(String studyInstanceUid, String sopInstanceUid) {
        return root.resolve(safe(studyInstanceUid)).resolve(safe(sopInstanceUid) + ".dcm");
    }

    /** Where a version of an object lives: the first as {@link #pathOf(String, String)}, later ones beside it. */
    public Path pathOf(String studyInstanceUid, String sopInstanceUid, int version) {
        if (version <= 1) {
            return pathOf(studyInstanceUid, sopInstanceUid);
        }
        return root.resolve(safe(studyInstanceUid)).resolve(safe(sopInstanceUid) + VERSION + version + ".dcm");
    }

    /**
     * The newest version of an object in the spool, 0 when none is. Versions are removed together (up to the one
     * delivered), so when the first is gone no later one is left; the look-up costs one file test for an object
     * that was never sent again.
     */
    public int newestVersion(String studyInstanceUid, String sopInstanceUid) {
        if (!Files.exists(pathOf(studyInstanceUid, sopInstanceUid))) {
            return 0;
        }
        int newest = 1;
        while (Files.exists(pathOf(studyInstanceUid, sopInstanceUid, newest + 1))) {
            newest++;
        }
        return newest;
    }

    /** The newest version of an object in the spool (what a person sees on the quarantine worklist). */
    public Path current(String studyInstanceUid, String sopInstanceUid) {
        return pathOf(studyInstanceUid, sopInstanceUid, Math.max(1, newestVersion(studyInstanceUid, sopInstanceUid)));
    }

    /**
     * Writes an object whose study is known beforehand durably, the same way as {@link #receive}. {@code writer}
     * gets the output stream of a temporary file; once it returns, the file is forced to disk and renamed into
     * place. When an object with this SOP Instance UID is already spooled for the study, the existing copy is
     * kept and returned (a resend is de-duplicated, not stored twice), even when the disk is full.
     *
     * @throws SpoolFullException when the disk is full; nothing half-written is left behind
     */
    public SpooledObject store(String studyInstanceUid, String sopInstanceUid, ObjectWriter writer) throws IOException {
        Path target = pathOf(studyInstanceUid, sopInstanceUid);
        if (Files.exists(target)) {
            return new SpooledObject(studyInstanceUid, sopInstanceUid, target, Files.size(target), true);
        }
        return receive(sopInstanceUid, out -> {
            out.study(studyInstanceUid);
            writer.writeTo(out);
        });
    }

    /**
     * Receives an object whose study is known only once its header has been read, as on the network.
     * The writer writes the object to an {@link Incoming} stream and names its study as soon as it is
     * read ({@link Incoming#study}); the object goes straight into a temporary file in the study's
     * folder, is forced to disk, renamed into place and the folder synced, so it is whole or absent
     * after a crash. A resend of a spooled object is recognised: a byte-identical one is dropped
     * ({@link SpooledObject#duplicate}), one with other content is kept as the next version beside the earlier
     * ones, which stay until delivered or discarded (issue 15: a correction must never vanish). This is the spool's
     * one durable-write path: {@link #store} and every inbound transport (through the intake) come here.
     *
     * @throws SpoolFullException when the disk is full; nothing half-written is left behind
     */
    public SpooledObject receive(String sopInstanceUid, IncomingWriter writer) throws IOException {
        safe(sopInstanceUid);
        checkFreeSpace();
        Incoming incoming = new Incoming(this, sopInstanceUid);
        boolean kept = false;
        try {
            writer.writeTo(incoming);
            incoming.force();
            // Still open, so still locked against another node's recovery (recover), until it is renamed into place.
            String digest = incoming.digest();
            String study = incoming.studyInstanceUid();
            int previous = incoming.previousVersion();
            if (previous > 0) {
                Path earlier = pathOf(study, sopInstanceUid, previous);
                if (digest.equals(digestOf(earlier))) {
                    // A byte-identical resend: harmless, nothing new to keep (issue 15).
                    incoming.close(true);
                    return new SpooledObject(study, sopInstanceUid, earlier, Files.size(earlier), true, previous, digest);
                }
            }
            try {
                Files.move(incoming.tmp(), incoming.target(), StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(incoming.target())) {
                    throw e;
                }
                // Where the file system will not replace a file (the same instance arriving on two associations
                // at once), the copy already there is kept: both are the same object.
                incoming.close(true);
                return new SpooledObject(study, sopInstanceUid, incoming.target(), Files.size(incoming.target()), true,
                        previous + 1, digestOf(incoming.target()));
            }
            kept = true;
            incoming.close(false);
            forceDirectory(incoming.target().getParent());
            return new SpooledObject(study, sopInstanceUid, incoming.target(), Files.size(incoming.target()), false,
                    previous + 1, digest);
        } catch (IOException | RuntimeException e) {
            if (!kept) {
                incoming.close(true);
            }
            if (isDiskFull(e)) {
                throw new SpoolFullException(root, e);
            }
            throw e;
        }
    }

    /** The digest {@link Incoming} computes, of a spooled file: of its data set when it is a PS3.10 file. */
    public static String digestOf(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            InputStream rest = in;
            try {
                rest = Part10Reader.open(in, file.toString(), Files.size(file)).input().asInputStream();
            } catch (DicomParseException e) {
                // Not a PS3.10 file (a test's raw bytes): the whole file, as Incoming digests without a marker.
                return digestOfWhole(file);
            }
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = rest.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String digestOfWhole(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (java.security.MessageDigest)", e);
        }
    }

    /** Convenience for a stream that holds the whole object. */
    public SpooledObject store(String studyInstanceUid, String sopInstanceUid, InputStream in) throws IOException {
        return store(studyInstanceUid, sopInstanceUid, in::transferTo);
    }

    public Optional<Path> find(String studyInstanceUid, String sopInstanceUid) {
        Path p = pathOf(studyInstanceUid, sopInstanceUid);
        return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    /** Removes a delivered or discarded object with all its versions, and its study folder when that is empty. */
    public void remove(String studyInstanceUid, String sopInstanceUid) throws IOException {
        removeUpTo(studyInstanceUid, sopInstanceUid, newestVersion(studyInstanceUid, sopInstanceUid));
    }

    /**
     * SOP Instance UIDs being received now, from the start of their write until the intake recorded them, and when
     * the last receive of each settled: so that a clean-up working from a list of instances read before a
     * correction was recorded never removes the correction ({@link #removeUpTo(String, String, int, long)}). Guarded
     * by {@code receiving}; {@code settled} forgets entries older than {@link #SETTLED_KEPT_NANOS}.
     */
    private final java.util.Map<String, Integer> receiving = new java.util.HashMap<>();
    /**
     * In the order the receives settled, oldest first (an instance settled again moves to the end), so forgetting
     * the old entries looks at the oldest only. Issue 22: as a HashMap scanned whole on every settle once it held
     * 4096 entries, every image past the 4096th of ten minutes walked all of them (5,000 entries at 200 images/s): a
     * cost per image that grew with the rate, a quarter of the receiving thread's Java samples in a flight recording.
     */
    private final java.util.LinkedHashMap<String, Long> settled = new java.util.LinkedHashMap<>();
    private static final long SETTLED_KEPT_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
    /** Entries {@code settled} keeps whatever their age; past this, those older than {@link #SETTLED_KEPT_NANOS} go. */
    static final int SETTLED_KEPT_ANYWAY = 4096;

    /** The intake starts receiving this object (call {@link #settled} when it has been recorded or refused). */
    public void receiving(String sopInstanceUid) {
        synchronized (receiving) {
            receiving.merge(sopInstanceUid, 1, Integer::sum);
        }
    }

    /** The intake has recorded (or refused) the object it started with {@link #receiving}. */
    public void settled(String sopInstanceUid) {
        synchronized (receiving) {
            receiving.computeIfPresent(sopInstanceUid, (k, n) -> n == 1 ? null : n - 1);
            long now = System.nanoTime();
            settled.remove(sopInstanceUid);
            settled.put(sopInstanceUid, now);
            if (settled.size() > SETTLED_KEPT_ANYWAY) {
                // Oldest first: the first entry young enough to keep ends the look (nanoTime only grows).
                java.util.Iterator<Long> oldest = settled.values().iterator();
                while (oldest.hasNext() && now - oldest.next() > SETTLED_KEPT_NANOS) {
                    oldest.remove();
                }
            }
        }
    }

    /** A point in time to pass to {@link #removeUpTo(String, String, int, long)}: take it before reading the list. */
    public long now() {
        return System.nanoTime();
    }

    /**
     * As {@link #removeUpTo(String, String, int)}, for a clean-up that decided from a list of instances read at
     * {@code listedAt} ({@link #now}): nothing is removed while the object is being received, or when a receive of
     * it settled after that list was read — a correction that arrived after the delivered original had left the
     * spool is stored under the first version's name again, and the list does not know it yet (issue 15: a
     * correction must never vanish). It is left for the next clean-up, which reads the list again.
     *
     * @return whether the versions were removed
     */
    public boolean removeUpTo(String studyInstanceUid, String sopInstanceUid, int version, long listedAt)
            throws IOException {
        synchronized (receiving) {
            Long last = settled.get(sopInstanceUid);
            if (receiving.containsKey(sopInstanceUid) || (last != null && last - listedAt > 0)) {
                return false;
            }
            removeUpTo(studyInstanceUid, sopInstanceUid, version);
            return true;
        }
    }

    /**
     * Removes the versions of an object up to {@code version} (the one delivered), never a later one: a correction
     * that arrived meanwhile stays for its own delivery. The newest go first, so a crash half-way leaves the first
     * version, which {@link #newestVersion} counts from.
     */
    public void removeUpTo(String studyInstanceUid, String sopInstanceUid, int version) throws IOException {
        Path p = pathOf(studyInstanceUid, sopInstanceUid);
        if (Files.exists(pathOf(studyInstanceUid, sopInstanceUid, version + 1))) {
            // A later version is kept: the earlier ones stay too, so the versions stay numbered from the first.
            return;
        }
        for (int v = Math.max(1, version); v >= 1; v--) {
            Files.deleteIfExists(pathOf(studyInstanceUid, sopInstanceUid, v));
        }
        try (Stream<Path> rest = Files.list(p.getParent())) {
            if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(p.getParent());
            }
        } catch (java.nio.file.NoSuchFileException ignored) {
            // already gone
        }
    }

    /** The folder, in a route's part of the spool, of objects set aside: out of the way of the readmission. */
    public static final String SET_ASIDE = "set-aside";

    /**
     * Moves an object out of the way, with the reason beside it in {@code <sop>.reason.txt}, for a person to look
     * at: to {@code set-aside/<study>/<sop>.dcm} in this part of the spool, which the readmission at start does not
     * walk. For an object the node can neither admit nor put on the quarantine worklist; it is not deleted.
     *
     * @return where the object is now
     */
    public Path setAside(String studyInstanceUid, String sopInstanceUid, String reason) throws IOException {
        Path from = pathOf(studyInstanceUid, sopInstanceUid);
        Path dir = Files.createDirectories(root.resolve(SET_ASIDE).resolve(safe(studyInstanceUid)));
        Path to = dir.resolve(safe(sopInstanceUid) + ".dcm");
        Files.writeString(dir.resolve(sopInstanceUid + ".reason.txt"), reason + System.lineSeparator());
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
        remove(studyInstanceUid, sopInstanceUid);
        return to;
    }

    /**
     * Removes temporary files left by a crash mid-write (their senders never got a success
     * response, so they will resend) and returns how many there were. On a spool that several nodes share (issue 22)
     * a temporary file another live node is still writing is locked by it ({@link Incoming}) and left alone.
     */
    public int recover() throws IOException {
        List<Path> parts = new ArrayList<>();
        Path incoming = root.resolve("incoming");
        try (Stream<Path> all = Files.walk(root)) {
            // Also objects that versions before 0.2 staged in incoming/ and had not yet moved: their C-STORE
            // was never answered.
            all.filter(p -> p.getFileName().toString().endsWith(PART)
                    || (p.getParent() != null && p.getParent().equals(incoming) && Files.isRegularFile(p)))
                    .forEach(parts::add);
        }
        int removed = 0;
        for (Path p : parts) {
            if (!beingWritten(p) && Files.deleteIfExists(p)) {
                removed++;
            }
        }
        return removed;
    }

    // Compiled once: String.matches compiles its pattern on every call, and these are checked for every
    // object received and delivered (profiled on the issue-5 gateway benchmark).
    private static final Pattern ROUTE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern UID_CHARACTERS = Pattern.compile("[0-9.]+");
    /** Between a SOP Instance UID and the number of a later version in its file name; a UID holds no letters. */
    static final String VERSION = ".v";

    /** UIDs are digits and dots (PS3.5 9.1); anything else is refused so a UID can never name another path. */
    static String safe(String uid) {
        if (uid == null || uid.isEmpty() || uid.length() > 64 || !UID_CHARACTERS.matcher(uid).matches() || uid.contains("..")) {
            throw new IllegalArgumentException("not a valid DICOM UID (PS3.5 9.1): '" + uid + "'");
        }
        return uid;
    }

    /** Whether a live process holds the lock of this temporary file ({@link Incoming}): another node writes it. */
    private static boolean beingWritten(Path part) {
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException thisProcess) {
            return true;
        } catch (IOException unknown) {
            // Gone meanwhile, or a file system without locks: as before nodes shared a spool.
            return false;
        }
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

    /** Writes an object received from the network; names its study on the way ({@link Incoming#study}). */
    @FunctionalInterface
    public interface IncomingWriter {
        void writeTo(Incoming out) throws IOException;
    }

    /** Writes the bytes of one object; usually the streaming editor or a network stream. */
    @FunctionalInterface
    public interface ObjectWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}

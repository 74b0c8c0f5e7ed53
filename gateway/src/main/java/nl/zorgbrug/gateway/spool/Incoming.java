package nl.zorgbrug.gateway.spool;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * An object arriving in the spool whose study is known only once its header has been parsed, as on
 * the network: the bytes before that point (preamble, File Meta Information: a few hundred bytes) are
 * held in memory; once {@link #study} names the study, the object is written straight into a
 * temporary file in that study's folder, so it is written to disk once and never moved between
 * folders. {@link Spool#receive} forces it to disk and renames it into place.
 *
 * <p>Whoever writes may {@link #refuse} the object (its head names no valid study, say): the rest is read and
 * dropped, and {@link Spool#receive} ends with that reason instead of keeping anything. So the parser's callback
 * says "no" with a value, not with an exception smuggled through it.
 */
public final class Incoming extends OutputStream {
    private final Spool spool;
    private final String sopInstanceUid;
    private ByteArrayOutputStream pending = new ByteArrayOutputStream(1024);
    private String studyInstanceUid;
    /** The newest version of this instance already in the spool (0: none), and the version this one would be. */
    private int previousVersion;
    private MessageDigest digest = Spool.newDigest();
    private IOException refusal;
    private Path target;
    private Path tmp;
    private FileChannel channel;
    private OutputStream file;
    /** Bytes written to the temporary file since the disks were last measured. */
    private long sinceCheck;

    /**
     * How often a large object measures the disks again while it is written: a 2 GiB object that passed the check at
     * its start could otherwise fill the disk the database shares with the spool, past the reserve that was to keep
     * the database writable. One statvfs per 64 MiB costs nothing next to writing them.
     */
    static final long CHECK_EVERY_BYTES = 64L * 1024 * 1024;

    Incoming(Spool spool, String sopInstanceUid) {
        this.spool = spool;
        this.sopInstanceUid = sopInstanceUid;
    }

    /**
     * Names the object's study; call it as soon as the Study Instance UID is read. When this instance
     * is already spooled for the study (a resend), it is written all the same, as the next version: only once
     * it is whole can {@link Spool#receive} tell a byte-identical resend (dropped) from a corrected object (kept
     * beside the earlier version; issue 15). The temporary file is opened with the next byte written.
     *
     * @throws IllegalArgumentException when the UID is not a valid DICOM UID
     */
    public void study(String uid) {
        if (studyInstanceUid != null) {
            throw new IllegalStateException("the study of " + sopInstanceUid + " is already known: " + studyInstanceUid);
        }
        Spool.safe(uid);
        studyInstanceUid = uid;
        previousVersion = spool.newestVersion(uid, sopInstanceUid);
        target = spool.pathOf(uid, sopInstanceUid, previousVersion + 1);
    }

    /**
     * What follows is the data set (the preamble and File Meta Information are written): the digest that tells a
     * resend from a correction covers the data set only, so the same object resent by another AE title (whose
     * (0002,0016) differs) is still the same object.
     */
    public void dataSetFollows() {
        digest = Spool.newDigest();
    }

    /** The object is not to be kept, for this reason: the rest is dropped and {@link Spool#receive} throws it. */
    public void refuse(IOException reason) {
        if (refusal == null) {
            refusal = reason;
        }
        pending = null;
    }

    /** Opens the temporary file once the study is known, and writes what was held in memory until then. */
    private OutputStream sink() throws IOException {
        if (refusal != null) {
            return null;
        }
        if (studyInstanceUid == null) {
            return pending;
        }
        if (file == null) {
            Path dir = Files.createDirectories(target.getParent());
            tmp = dir.resolve(target.getFileName() + "." + UUID.randomUUID() + Spool.PART);
            channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            lockWhileWriting();
            // Writes smaller than the buffer are gathered (the head's elements; the fragments of a sender with small
            // PDUs, 16 KiB from dcmtk by default); larger ones go straight to the file without a copy through it: the
            // pixel data of a sender that uses the node's 256 KiB PDUs (issue 22: every byte of an image was copied
            // into a 256 KiB buffer, allocated per object, before it was written).
            file = new BufferedOutputStream(Channels.newOutputStream(channel), 128 * 1024);
            pending.writeTo(file);
            pending = null;
        }
        return file;
    }

    @Override
    public void write(int b) throws IOException {
        OutputStream out = sink();
        if (out != null) {
            out.write(b);
            digest.update((byte) b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        OutputStream out = sink();
        if (out != null) {
            out.write(b, off, len);
            digest.update(b, off, len);
            if (out == file) {
                sinceCheck += len;
                if (sinceCheck >= CHECK_EVERY_BYTES) {
                    sinceCheck = 0;
                    // Refused by value, as a head without a study is: the rest is read and dropped, the temporary
                    // file removed, and Spool.receive throws this.
                    spool.reserves().firstLow().ifPresent(low -> refuse(new SpoolFullException(low)));
                }
            }
        }
    }

    String studyInstanceUid() {
        return studyInstanceUid;
    }

    int previousVersion() {
        return previousVersion;
    }

    /** The SHA-256 of the data set as written (of everything, when {@link #dataSetFollows} was not called), in hex. */
    String digest() {
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    Path target() {
        return target;
    }

    Path tmp() {
        return tmp;
    }

    /** Flushes and forces the temporary file to disk; the caller renames it into place. */
    void force() throws IOException {
        if (refusal != null) {
            throw refusal;
        }
        if (studyInstanceUid == null) {
            throw new IOException("object " + sopInstanceUid + " ended before its Study Instance UID (0020,000D) was read;"
                    + " nothing was spooled");
        }
        sink().flush();
        channel.force(true);
    }

    /**
     * Locks the temporary file for as long as it is open (issue 22): on a spool that several nodes share, a node that
     * starts removes only the temporary files no live process holds ({@link Spool#recover}). The lock goes with the
     * process: a node that dies leaves its files unlocked. A file system without locks leaves the file unlocked, and
     * recovery removes it as it did before nodes shared a spool.
     */
    private void lockWhileWriting() {
        try {
            channel.tryLock();
        } catch (IOException noLocksHere) {
            // Locks are unsupported here (an NFS mount without lockd): one node per spool, as before.
        }
    }

    /** Closes the temporary file; {@code delete} when the object is not kept. */
    void close(boolean delete) throws IOException {
        if (channel != null) {
            try {
                channel.close();
            } finally {
                if (delete) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }
}

package nl.zorgbrug.gateway.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much room is left for writing on the file system that holds a directory: a port, so the rules that depend
 * on it ({@link DiskReserves}) can be tested with a disk of any size. The node uses {@link #fileStore()}.
 */
@FunctionalInterface
public interface FreeSpace {

    /** The bytes this process may still write on the file system of {@code directory}. */
    long usableBytes(Path directory) throws IOException;

    /**
     * The file system's own figure ({@link java.nio.file.FileStore#getUsableSpace}, statvfs's {@code f_bavail} on
     * Linux: what an unprivileged process may still write, without the blocks reserved for root). A directory that
     * does not exist yet (the database's, before its first start) is measured at its nearest existing parent, the
     * file system it will be created on.
     */
    static FreeSpace fileStore() {
        return directory -> {
            Path existing = directory.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                throw new IOException("no part of " + directory + " exists, so its file system cannot be measured");
            }
            return Files.getFileStore(existing).getUsableSpace();
        };
    }
}

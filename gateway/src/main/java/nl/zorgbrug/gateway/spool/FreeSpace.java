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
        // Finding a directory's file store reads the mount table (/proc/mounts), which costs more than the statvfs
        // of getUsableSpace; it is found once per existing directory, as every object received is measured.
        java.util.Map<Path, java.nio.file.FileStore> stores = new java.util.concurrent.ConcurrentHashMap<>();
        return directory -> {
            Path absolute = directory.toAbsolutePath();
            java.nio.file.FileStore known = stores.get(absolute);
            if (known != null) {
                return known.getUsableSpace();
            }
            Path existing = absolute;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                throw new IOException("no part of " + directory + " exists, so its file system cannot be measured");
            }
            java.nio.file.FileStore store = Files.getFileStore(existing);
            if (existing.equals(absolute)) {
                stores.put(absolute, store);
            }
            return store.getUsableSpace();
        };
    }
}

package nl.zorgbrug.gateway.spool;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Room the node keeps free on the file system of one directory: while less is free there, new objects are refused
 * (C-STORE 0xA700, PS3.4 B.2.3), so what the node has accepted can still be recorded and delivered.
 *
 * @param name              what lives in the directory, for people: {@code spool}, {@code database}
 * @param directory         the directory whose file system is watched
 * @param minimumFreeBytes  refuse while less than this is free; 0 watches nothing
 * @param setting           the setting that holds the minimum, named in every message about it
 */
public record DiskReserve(String name, Path directory, long minimumFreeBytes, String setting) {
    public DiskReserve {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(setting, "setting");
        if (minimumFreeBytes < 0) {
            throw new IllegalArgumentException(setting + " must not be negative, is " + minimumFreeBytes);
        }
    }

    /** What was measured on the reserve's file system, and whether it is below the reserve. */
    public record Reading(DiskReserve reserve, long freeBytes) {
        public boolean low() {
            return freeBytes < reserve.minimumFreeBytes();
        }

        /** For the log and the refusal: which disk, how much is free, what is required, where to change it. */
        public String describe() {
            return "the " + reserve.name() + "'s disk (" + reserve.directory().toAbsolutePath() + ") has "
                    + megabytes(freeBytes) + " free, " + (low() ? "less than" : "at least") + " the reserve of "
                    + megabytes(reserve.minimumFreeBytes()) + " (" + reserve.setting() + ")";
        }
    }

    static String megabytes(long bytes) {
        return bytes >= 10L * 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : String.format(java.util.Locale.ROOT,
                "%.1f MB", bytes / (1024.0 * 1024));
    }
}

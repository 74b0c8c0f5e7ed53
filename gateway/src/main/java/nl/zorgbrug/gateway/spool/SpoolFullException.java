package nl.zorgbrug.gateway.spool;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The node cannot keep a new object: the spool's disk is full, or a disk the node writes to (the spool's, the
 * database's) is below the reserve it keeps free ({@link DiskReserves}). The C-STORE SCP answers 0xA700 (Refused:
 * Out of Resources, PS3.4 B.2.3), so the sender keeps the object and retries; nothing of it was kept. The
 * administrator must free or add space; the node accepts again by itself once there is room.
 */
public class SpoolFullException extends IOException {
    public SpoolFullException(Path root, Throwable cause) {
        super("spool " + root + " is full; nothing was kept of the object being received."
                + " Free disk space or move the spool (zorgbrug.spool-dir) to a larger volume", cause);
    }

    /** Refused before anything was written: a disk is below its reserve. */
    public SpoolFullException(DiskReserve.Reading reading) {
        super("new objects are refused (Out of Resources, 0xA700): " + reading.describe() + ". Free disk space there"
                + " or give it a larger volume; what the node already holds is kept and delivered, and it accepts"
                + " objects again by itself once there is room");
    }
}

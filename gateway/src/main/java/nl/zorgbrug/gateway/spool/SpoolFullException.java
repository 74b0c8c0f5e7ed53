package nl.zorgbrug.gateway.spool;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The spool's disk is full. The C-STORE SCP answers 0xA700 (Refused: Out of Resources, PS3.4 B.2.3),
 * so the sender keeps the object and retries; the administrator must free or add space.
 */
public class SpoolFullException extends IOException {
    public SpoolFullException(Path root, Throwable cause) {
        super("spool " + root + " is full; nothing was kept of the object being received."
                + " Free disk space or move the spool (zorgbrug.spool.dir) to a larger volume", cause);
    }
}

package nl.zorgbrug.compliance.pacs;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where the scan's own storage SCP listens for the C-MOVE sub-operations: the scan's AE title (the calling AE title,
 * so the PACS needs one entry for us: query, retrieve and send to), the local address to bind and the port. The PACS
 * must have this AE title registered with our host and this port, since C-MOVE names only the AE title (PS3.4 C.4.2.1.4.1).
 */
public record MoveDestination(String aeTitle, InetAddress bind, int port) {
    public MoveDestination {
        Objects.requireNonNull(aeTitle, "aeTitle");
        Objects.requireNonNull(bind, "bind");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the C-MOVE destination port must be 1 to 65535, not " + port
                    + ": the PACS must know it in advance");
        }
    }
}

package nl.zorgbrug.app.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;

import nl.zorgbrug.app.node.ConfigurationError;
import nl.zorgbrug.app.node.SettingValues;

/**
 * The node's move destination for C-MOVE (issue 20; docs/availability.md, "C-MOVE"): the AE title and port of the
 * short-lived storage SCP that receives the instances the node retrieves by C-MOVE, for the import from a source
 * without DICOMweb ({@code retrieval: C_MOVE}) and for serving RAD-69 and WADO-RS from an own PACS without DICOMweb
 * ({@code zorgbrug.registry.source.pacs.node}). Every PACS moved from must list this AE title with {@code host} and
 * {@code port} (C-MOVE names only the AE title, PS3.4 C.4.2.1.4.1). Not set: no C-MOVE.
 *
 * @param aeTitle the move destination's AE title: its own, not a route's called AE title (an instance moved there
 *                must come back to the retrieval, not go into the route)
 * @param port    the port it listens on while a retrieval is under way
 * @param bind    the local address it listens on (default: {@code zorgbrug.gateway.bind})
 * @param host    the host name or address the PACS must list (for the messages that say what to register; default:
 *                the bind address)
 */
@ConfigurationProperties("zorgbrug.registry.move-destination")
public record MoveDestinationProperties(String aeTitle, Integer port, String bind, String host) {
    static final String PREFIX = "zorgbrug.registry.move-destination.";

    public MoveDestinationProperties {
        aeTitle = aeTitle == null || aeTitle.isEmpty() ? null : aeTitle;
        bind = bind == null || bind.isBlank() ? null : bind.strip();
        host = host == null || host.isBlank() ? null : host.strip();
        if (aeTitle != null) {
            SettingValues.aeTitle(PREFIX + "ae-title", aeTitle);
            if (port == null || port < 1 || port > 65535) {
                throw new ConfigurationError(PREFIX + "port", port == null ? null : String.valueOf(port), "the port"
                        + " (1 to 65535) of the move destination " + aeTitle + ", which every PACS moved from must list"
                        + " with that AE title");
            }
        } else if (port != null) {
            throw new ConfigurationError(PREFIX + "ae-title", null, "set with " + PREFIX + "port: the move"
                    + " destination's own AE title (1 to 16 characters), which the PACS lists with this port");
        }
    }

    /** Whether a move destination is configured. */
    public boolean configured() {
        return aeTitle != null;
    }
}

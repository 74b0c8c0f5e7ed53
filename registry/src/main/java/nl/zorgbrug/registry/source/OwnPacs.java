package nl.zorgbrug.registry.source;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The hospital's own PACS, from which the node fetches the instances a consumer retrieves (issue 20 part 2: RAD-69 and
 * WADO-RS are served from the PACS, the node keeps no images). {@link WadoRsPacs} asks its DICOMweb WADO-RS.
 */
public interface OwnPacs {

    /**
     * Writes one instance as the PACS keeps it, as a PS3.10 file, to {@code target}.
     *
     * @param transferSyntax the transfer syntax wanted; null: as the PACS keeps it
     * @return false when the PACS does not have the instance (any more)
     * @throws IOException the PACS could not be asked or broke off: try again later
     */
    boolean fetch(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid, String transferSyntax,
                  Path target) throws IOException;

    /** What the PACS is, for messages: e.g. its WADO-RS base URL. */
    String describe();
}

package nl.zorgbrug.registry.consumer;

import java.io.IOException;
import java.util.List;

/**
 * The studies the hospital's own PACS holds for a patient, by its local id and issuer (C-FIND at STUDY level, Study
 * Root, PS3.4 C.6.2): what the timeline marks "already here".
 */
@FunctionalInterface
public interface OwnPacs {

    /** @throws IOException when the PACS could not be asked or refused the query */
    List<LocalStudy> studies(String patientId, String issuer) throws IOException;

    /** No own PACS configured: the timeline shows only the index and says it could not compare. */
    OwnPacs NONE = (patientId, issuer) -> {
        throw new IOException("no own PACS is configured (zorgbrug.registry.consumer.pacs)");
    };
}

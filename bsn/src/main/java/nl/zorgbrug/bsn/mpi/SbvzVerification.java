package nl.zorgbrug.bsn.mpi;

import java.time.Instant;
import java.util.Objects;

/**
 * An answer of the BSN register (through the SBV-Z, the Sectorale Berichten Voorziening in de Zorg) to the question
 * whether a BSN belongs to a name, sex and date of birth, and when it was given. Only a {@link Answer#MATCH} lets the
 * node mark a BSN verified (Wabvpz; Wbsn-z art. 12).
 */
public record SbvzVerification(Answer answer, Instant at) {

    public enum Answer {
        /** The register holds this BSN for a person with this name, sex and date of birth. */
        MATCH,
        /** The register holds this BSN, but for other demographics. */
        MISMATCH,
        /** The register does not know this BSN (or it is withdrawn). */
        UNKNOWN_BSN
    }

    public SbvzVerification {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(at, "at");
    }
}

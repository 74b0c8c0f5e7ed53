package nl.zorgbrug.compliance.scan;

import java.time.Instant;
import java.util.Objects;

import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.swap.ExportSwap;
import nl.zorgbrug.bsn.swap.MissingIssuer;
import nl.zorgbrug.bsn.swap.SwapDecision;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.dicom.data.DataSet;

/**
 * Asks the export swap, as the node's export route would on delivery, whether it could send an object with the BSN
 * in place: the same pure function and the same MPI, so the remediation list's "the swap fixes it" is what the node
 * would do. {@code missingIssuer} ASSUME_LOCAL when the archive's Patient IDs without issuer are the hospital's own
 * numbers (most PACSes before the guideline).
 */
public record SwapCheck(ExportSwap swap, MasterPatientIndex mpi, MissingIssuer missingIssuer, Instant now) {
    public SwapCheck {
        Objects.requireNonNull(swap, "swap");
        Objects.requireNonNull(mpi, "mpi");
        Objects.requireNonNull(missingIssuer, "missingIssuer");
        Objects.requireNonNull(now, "now");
    }

    /** The fix and, for a person, the swap's reason in words. */
    public record Outcome(Fix fix, String reason) {
    }

    public Outcome check(DataSet header) {
        SwapDecision d = swap.decide(header, mpi, now, missingIssuer);
        if (d instanceof SwapDecision.Apply) {
            return new Outcome(Fix.EXPORT_SWAP, "");
        }
        if (d instanceof SwapDecision.Refuse r) {
            return new Outcome(Fix.PERSON, r.reason().name() + ": " + r.messageEn());
        }
        return new Outcome(Fix.PERSON, "the MPI does not know the patient of this BSN");
    }
}

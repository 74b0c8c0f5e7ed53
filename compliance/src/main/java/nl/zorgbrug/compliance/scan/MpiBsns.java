package nl.zorgbrug.compliance.scan;

import java.util.List;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.compliance.tally.MpiBsn;

/** The remediation list's look-up of the BSN the MPI knows for a study's patient. */
public final class MpiBsns {
    private MpiBsns() {
    }

    /**
     * By the local number (with the study's issuer, or the hospital's when the study names none); when (0010,0020)
     * holds a BSN-like value instead (BSN without issuer, wrong issuer), by that BSN if exactly one patient has it.
     */
    public static MpiBsn of(MasterPatientIndex mpi, String localIssuer) {
        return (patientId, issuer) -> {
            String by = issuer == null || issuer.isEmpty() ? localIssuer : issuer;
            Optional<MpiPatient> local = mpi.byLocalId(patientId, by);
            if (local.isPresent()) {
                return Optional.ofNullable(local.get().bsn()).map(Bsn::value);
            }
            Optional<Bsn> asBsn = Bsn.fromHeaderValue(patientId);
            if (asBsn.isPresent()) {
                List<MpiPatient> found = mpi.byBsn(asBsn.get(), localIssuer);
                if (found.size() == 1) {
                    return Optional.of(asBsn.get().value());
                }
            }
            return Optional.empty();
        };
    }
}

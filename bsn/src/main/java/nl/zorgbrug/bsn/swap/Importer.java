package nl.zorgbrug.bsn.swap;

import java.time.Instant;

import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.dicom.data.DataSet;

/**
 * Runs the import decision and carries out its one side effect: registering a pending patient in the
 * MPI when the policy says so, then deciding again on the updated MPI.
 */
public final class Importer {
    private final ImportSwap swap;
    private final MasterPatientIndex mpi;
    private final String localIssuer;

    public Importer(SwapPolicy policy, MasterPatientIndex mpi) {
        this.swap = new ImportSwap(policy);
        this.mpi = mpi;
        this.localIssuer = policy.localIssuer();
    }

    public SwapDecision decide(DataSet header, Instant now) {
        SwapDecision decision = swap.decide(header, mpi, now);
        if (decision instanceof SwapDecision.RegisterPatient r) {
            mpi.registerPending(r.bsn(), localIssuer, r.familyName(), r.givenName(), r.birthDate(), r.sex());
            decision = swap.decide(header, mpi, now);
        }
        return decision;
    }
}

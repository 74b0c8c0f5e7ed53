package nl.zorgbrug.gateway.merge;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;

/**
 * The MPI as the routes see it after merges: a local number the MPI no longer knows because the EPD merged it
 * (ADT A40) or changed it (A47) is found as the patient it became. So an object spooled, held or arriving later under
 * the prior number is decided, and delivered, with the survivor's identity: the export swap writes the number of the
 * patient it found, never the one the object carried (bsn.swap.ExportSwap).
 *
 * <p>A number the MPI knows is taken as it is, even when it was merged once: the EPD may give a number out again.
 */
public final class FollowingMerges implements MasterPatientIndex {
    private final MasterPatientIndex mpi;
    private final MergedPatients merged;

    public FollowingMerges(MasterPatientIndex mpi, MergedPatients merged) {
        this.mpi = mpi;
        this.merged = merged;
    }

    @Override
    public Optional<MpiPatient> byLocalId(String localId, String localIssuer) {
        Optional<MpiPatient> found = mpi.byLocalId(localId, localIssuer);
        Set<String> seen = new HashSet<>();
        String current = localId;
        while (found.isEmpty() && seen.add(current) && seen.size() <= MergeRule.LONGEST_CHAIN) {
            Optional<String> next = merged.survivorOf(current);
            if (next.isEmpty()) {
                break;
            }
            current = next.get();
            found = mpi.byLocalId(current, localIssuer);
        }
        return found;
    }

    @Override
    public List<MpiPatient> byBsn(Bsn bsn, String localIssuer) {
        return mpi.byBsn(bsn, localIssuer);
    }

    @Override
    public MpiPatient registerPending(Bsn bsn, String localIssuer, String familyName, String givenName,
                                      String birthDate, String sex) {
        return mpi.registerPending(bsn, localIssuer, familyName, givenName, birthDate, sex);
    }

    /**
     * The same number, or a prior number whose merges lead to the patient: exactly the numbers {@link #byLocalId}
     * finds as this patient. A prior number the EPD gave out again to another patient names that other patient.
     */
    @Override
    public boolean names(String localId, String patientLocalId, String localIssuer) {
        return localId.equals(patientLocalId) || byLocalId(localId, localIssuer).map(MpiPatient::localId)
                .filter(patientLocalId::equals).isPresent();
    }
}

package nl.zorgbrug.bsn.mpi;

import java.util.List;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;

/**
 * The port to the hospital's master patient index. The swaps only read from it; registering a
 * pending patient is the one write, done by the caller after an import decision asks for it.
 */
public interface MasterPatientIndex {

    /** The patient with this local number from this issuer. */
    Optional<MpiPatient> byLocalId(String localId, String localIssuer);

    /** Every patient of this issuer carrying this BSN (more than one is an MPI error the swaps refuse). */
    List<MpiPatient> byBsn(Bsn bsn, String localIssuer);

    /**
     * Registers a new patient for an incoming BSN, with status {@link BsnStatus#receivedFromAnotherInstitution()}
     * (verified): the sending institution may be trusted to have verified it, but nobody here has identified the
     * patient with an identity document, so it is not validated and cannot be shared again until it is (Wabvpz).
     */
    MpiPatient registerPending(Bsn bsn, String localIssuer, String familyName, String givenName, String birthDate,
                               String sex);

    /**
     * Whether the local number {@code localId} names the patient whose number is {@code patientLocalId}: the same
     * number, or — where the node knows the EPD's merges (issue 16, HL7 v2.5 3.6.2.1.40 A40 and 3.6.2.1.47 A47) — a
     * prior number merged into that patient and not given out again. The swaps take such a number in (0010,1002)
     * beside the patient's own as an alias, not as a second patient of ours ({@code LOCAL_ID_CONFLICT}).
     */
    default boolean names(String localId, String patientLocalId, String localIssuer) {
        return localId.equals(patientLocalId);
    }
}

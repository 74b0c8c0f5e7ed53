package nl.zorgbrug.bsn.mpi;

import nl.zorgbrug.bsn.Bsn;

/**
 * One patient in the master patient index: the local patient number with its issuer, the BSN (null
 * when none is known) with its status, and the demographics the swaps compare with a DICOM header.
 * Birth date as DICOM DA (YYYYMMDD); sex as DICOM CS (M, F, O) or null.
 */
public record MpiPatient(String localId, String localIssuer, Bsn bsn, BsnStatus bsnStatus, String familyName,
                         String givenName, String birthDate, String sex) {

    public MpiPatient {
        if (localId == null || localId.isBlank()) {
            throw new IllegalArgumentException("an MPI patient needs a local_id");
        }
        if (localIssuer == null || localIssuer.isBlank()) {
            throw new IllegalArgumentException("MPI patient " + Bsn.mask(localId) + " needs a local_issuer");
        }
        if (bsnStatus == null) {
            bsnStatus = bsn == null ? BsnStatus.NONE : BsnStatus.VERIFIED;
        }
    }

    @Override
    public String toString() {
        return "MpiPatient[" + Bsn.mask(localId) + "@" + localIssuer + ", bsn " + bsn + " " + bsnStatus + "]";
    }
}

package nl.zorgbrug.bsn.mpi;

import nl.zorgbrug.bsn.Bsn;

/**
 * One patient in the master patient index: the local patient number with its issuer, the BSN (null
 * when none is known) with its status, and the demographics the swaps compare with a DICOM header.
 * Birth date as DICOM DA (YYYYMMDD); sex as DICOM CS (M, F, O) or null.
 *
 * <p>{@code verification} is the last answer of the BSN register (SBV-Z) the node itself obtained, with its time, or
 * null; {@code conflict} is set when the identity feed gave something the node will not resolve by itself (a BSN
 * another local patient has, a BSN failing the 11-proof, ...): exports for the patient are held until a person
 * clears it.
 */
public record MpiPatient(String localId, String localIssuer, Bsn bsn, BsnStatus bsnStatus, String familyName,
                         String givenName, String birthDate, String sex, SbvzVerification verification,
                         IdentityConflict conflict) {

    public MpiPatient {
        if (localId == null || localId.isBlank()) {
            throw new IllegalArgumentException("an MPI patient needs a local_id");
        }
        if (localIssuer == null || localIssuer.isBlank()) {
            throw new IllegalArgumentException("MPI patient " + Bsn.mask(localId) + " needs a local_issuer");
        }
        if (bsnStatus == null) {
            bsnStatus = bsn == null ? BsnStatus.NONE : BsnStatus.UNCHECKED;
        }
        if (bsn == null && bsnStatus != BsnStatus.NONE) {
            throw new IllegalArgumentException("MPI patient " + Bsn.mask(localId) + ": BSN status " + bsnStatus.csv()
                    + " without a BSN; give the BSN or the status none");
        }
        if (bsn != null && bsnStatus == BsnStatus.NONE) {
            // A known number that nobody checked is unchecked, not absent: "none" would hide that it exists.
            bsnStatus = BsnStatus.UNCHECKED;
        }
    }

    /** A patient without a register answer and without a conflict (the CSV import, the console, tests). */
    public MpiPatient(String localId, String localIssuer, Bsn bsn, BsnStatus bsnStatus, String familyName,
                      String givenName, String birthDate, String sex) {
        this(localId, localIssuer, bsn, bsnStatus, familyName, givenName, birthDate, sex, null, null);
    }

    public boolean conflicted() {
        return conflict != null;
    }

    public MpiPatient withStatus(BsnStatus status, SbvzVerification answer) {
        return new MpiPatient(localId, localIssuer, bsn, status, familyName, givenName, birthDate, sex, answer, conflict);
    }

    public MpiPatient withConflict(IdentityConflict c) {
        return new MpiPatient(localId, localIssuer, bsn, bsnStatus, familyName, givenName, birthDate, sex, verification, c);
    }

    @Override
    public String toString() {
        return "MpiPatient[" + Bsn.mask(localId) + "@" + localIssuer + ", bsn " + bsn + " " + bsnStatus
                + (conflict == null ? "" : ", conflict " + conflict.kind()) + "]";
    }
}

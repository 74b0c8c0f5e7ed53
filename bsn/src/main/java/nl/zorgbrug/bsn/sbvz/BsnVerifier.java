package nl.zorgbrug.bsn.sbvz;

import java.time.Clock;
import java.time.Instant;

import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.IdentityConflict;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.SbvzVerification;

/**
 * The one way the node itself marks a BSN verified: it asks the BSN register ({@link SbvzPort}) and stores the
 * answer and its time with the patient's status. A match adds "verified" (a validation, the identity document,
 * is a separate fact and stays); a mismatch or an unknown BSN takes "verified" away and marks the patient
 * conflicted, so exports are held until a person looks (Wbsn-z art. 12: the BSN must belong to the patient).
 */
public final class BsnVerifier {
    private final SbvzPort sbvz;
    private final Clock clock;

    public BsnVerifier(SbvzPort sbvz, Clock clock) {
        this.sbvz = sbvz;
        this.clock = clock;
    }

    /**
     * The patient after asking the register; the patient unchanged when it has no BSN.
     *
     * @throws SbvzUnavailableException when the register did not answer: nothing is recorded
     */
    public MpiPatient verify(MpiPatient patient) {
        if (patient.bsn() == null) {
            return patient;
        }
        SbvzVerification.Answer answer = sbvz.verify(new SbvzQuestion(patient.bsn(), patient.familyName(),
                patient.sex(), patient.birthDate()));
        Instant now = clock.instant();
        SbvzVerification recorded = new SbvzVerification(answer, now);
        BsnStatus status = patient.bsnStatus();
        return switch (answer) {
            case MATCH -> patient.withStatus(status.withVerified(), recorded);
            case MISMATCH -> patient.withStatus(BsnStatus.of(false, status.validated()), recorded)
                    .withConflict(new IdentityConflict(IdentityConflict.Kind.DEMOGRAPHICS,
                            "the BSN register holds this BSN for another name, sex or birth date", now));
            case UNKNOWN_BSN -> patient.withStatus(BsnStatus.of(false, status.validated()), recorded)
                    .withConflict(new IdentityConflict(IdentityConflict.Kind.INVALID_BSN,
                            "the BSN register does not know this BSN", now));
        };
    }
}

package nl.zorgbrug.app.mpi;

import java.time.Clock;
import java.util.Optional;

import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.PatientRef;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnTakenException;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.sbvz.BsnVerifier;
import nl.zorgbrug.bsn.sbvz.SbvzUnavailableException;

/**
 * What a person changes in the MPI from the console or the REST API (issue 16), each change in the audit trail as an
 * {@link EventType#MPI_CHANGE} for the patient (NEN 7513: who changed whose identity data, when):
 * <ul>
 *   <li>a save, refused when another unconflicted local patient carries the BSN ({@link BsnTakenException});</li>
 *   <li>an SBV-Z verification: the node asks the register through its port ({@link BsnVerifier}) and records the
 *       answer with its time; a patient is marked verified only by a MATCH, and when the register does not answer
 *       nothing changes ({@link SbvzUnavailableException}).</li>
 * </ul>
 * A change refused or left undone (the BSN taken, the register not answering) is recorded as well, with its outcome,
 * for the patient it was asked for. These are the only events of such a request: the console's and API's handlers
 * leave it to this class ({@code recordedByDomain}), so a change is one event, not a PATIENT_CHANGE of the request
 * beside the MPI_CHANGE of the patient (issue 17).
 */
public class MpiChanges {
    /** Who the trail names for a user. */
    @FunctionalInterface
    public interface People {
        Actor actor(String user);
    }

    private final MpiStore mpi;
    private final String localIssuer;
    private final BsnVerifier verifier;
    private final AuditLog audit;
    private final People people;
    private final Clock clock;

    public MpiChanges(MpiStore mpi, String localIssuer, BsnVerifier verifier, AuditLog audit, People people,
                      Clock clock) {
        this.mpi = mpi;
        this.localIssuer = localIssuer;
        this.verifier = verifier;
        this.audit = audit;
        this.people = people;
        this.clock = clock;
    }

    /**
     * Saves the patient as a person entered it.
     *
     * @throws BsnTakenException when another unconflicted patient carries the BSN; nothing saved
     */
    public MpiPatient save(MpiPatient patient, String user) {
        return save(patient, user, null);
    }

    /** As {@link #save(MpiPatient, String)}, from where the person asked (the browser's address), for the trail. */
    public MpiPatient save(MpiPatient patient, String user, AccessPoint from) {
        try {
            BsnTakenException.requireFree(mpi, patient.localId(), localIssuer, patient.bsn());
        } catch (BsnTakenException e) {
            record(user, from, patient.bsn(), patient.localId(), Outcome.MINOR_FAILURE,
                    "save refused: the BSN belongs to another local patient; nothing saved");
            throw e;
        }
        mpi.save(patient);
        record(user, from, patient.bsn(), patient.localId(), Outcome.SUCCESS, "saved by a person: BSN status "
                + patient.bsnStatus().csv() + (patient.bsn() == null ? ", no BSN" : ""));
        return patient;
    }

    /**
     * Asks the BSN register (SBV-Z) whether the patient's BSN belongs to their name, sex and birth date, and records
     * the answer.
     *
     * @throws IllegalArgumentException when there is no such patient, or the patient has no BSN to verify
     * @throws SbvzUnavailableException when the register did not answer; nothing changed
     */
    public MpiPatient verify(String localId, String user) {
        return verify(localId, user, null);
    }

    /** As {@link #verify(String, String)}, from where the person asked, for the trail. */
    public MpiPatient verify(String localId, String user, AccessPoint from) {
        MpiPatient before = mpi.byLocalId(localId, localIssuer).orElseThrow(() -> new IllegalArgumentException(
                "no patient " + Bsn.mask(localId) + " in the MPI; search the patient and try again"));
        if (before.bsn() == null) {
            record(user, from, null, localId, Outcome.MINOR_FAILURE,
                    "SBV-Z verification asked; refused, the patient has no BSN to verify");
            throw new IllegalArgumentException("patient " + Bsn.mask(localId) + " has no BSN to verify; enter the BSN"
                    + " first");
        }
        MpiPatient after;
        try {
            after = verifier.verify(before);
        } catch (SbvzUnavailableException e) {
            record(user, from, before.bsn(), localId, Outcome.SERIOUS_FAILURE,
                    "SBV-Z verification asked; the register did not answer, nothing changed");
            throw e;
        }
        mpi.save(after);
        record(user, from, after.bsn(), after.localId(), Outcome.SUCCESS, "SBV-Z verification: answer " + after.verification().answer() + ", BSN status "
                + after.bsnStatus().csv() + (after.conflicted() ? ", conflict " + after.conflict().kind() : ""));
        return after;
    }

    /** The issuer of this hospital's patient numbers, under which the MPI keeps them. */
    public String localIssuer() {
        return localIssuer;
    }

    /** The patient with this local number. */
    public Optional<MpiPatient> patient(String localId) {
        return mpi.byLocalId(localId, localIssuer);
    }

    private void record(String user, AccessPoint from, Bsn bsn, String localId, Outcome outcome, String detail) {
        AuditEvent.Builder event = AuditEvent.of(EventType.MPI_CHANGE, people.actor(user), clock.instant())
                .patient(new PatientRef(bsn, localId)).outcome(outcome).detail(detail);
        if (from != null) {
            event.accessPoint(from);
        }
        audit.record(event.build());
    }
}

package nl.zorgbrug.bsn.swap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.charset.UnmappableTextException;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * Manual reconciliation of a quarantined object: a person has chosen the local patient it belongs
 * to. The local patient number and the hospital's issuer go into (0010,0020)/(0010,0021); the ID the
 * object arrived with (when it had an issuer), the patient's BSN from the MPI and the local ID are
 * kept in (0010,1002), which is only extended; the previous values go into the Original Attributes
 * Sequence. The decision is the person's, so no rule here second-guesses it; who decided is logged by the
 * caller. The identity is written by {@link LocalIdentityWriter}, as on automatic import.
 */
public final class ManualLink {
    private final LocalIdentityWriter writer;
    private final String localIssuer;

    public ManualLink(SwapPolicy policy) {
        this.localIssuer = policy.localIssuer();
        this.writer = new LocalIdentityWriter(policy);
    }

    /**
     * The link applied on delivery: the chosen patient is looked up again, since the object may be delivered
     * long after the person chose. A patient gone from the MPI, or a value the object's character set cannot
     * hold, is refused (quarantine), never guessed.
     */
    public SwapDecision decide(DataSet header, MasterPatientIndex mpi, String localId, Instant now) {
        Optional<MpiPatient> patient = mpi.byLocalId(localId, localIssuer);
        if (patient.isEmpty()) {
            return SwapDecision.refuse(ReasonCode.LINKED_PATIENT_NOT_IN_MPI, "local id " + Bsn.mask(localId));
        }
        try {
            return link(header, patient.get(), now);
        } catch (UnmappableTextException e) {
            // PS3.5 6.1.2.5: new text must be written in the object's own character set.
            return SwapDecision.refuse(ReasonCode.TEXT_NOT_ENCODABLE, "a new value cannot be written in (0008,0005) "
                    + header.charset());
        }
    }

    public SwapDecision.Apply link(DataSet header, MpiPatient patient, Instant now) {
        List<PatientIdItems.IssuedId> keep = new ArrayList<>();
        String id = header.getString(Tag.PatientID);
        String issuer = header.getString(Tag.IssuerOfPatientID);
        if (id != null && !id.isEmpty() && issuer != null && !issuer.isEmpty()) {
            keep.add(new PatientIdItems.IssuedId(id, issuer));
        }
        if (patient.bsn() != null) {
            keep.add(new PatientIdItems.IssuedId(patient.bsn().value(), Bsn.ISSUER_OID));
        }
        return new SwapDecision.Apply(writer.edits(header, PatientIdentity.of(header), keep, patient.localId(), now));
    }
}

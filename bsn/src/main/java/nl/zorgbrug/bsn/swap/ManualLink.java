package nl.zorgbrug.bsn.swap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * Manual reconciliation of a quarantined object: a person has chosen the local patient it belongs
 * to. The local patient number and the hospital's issuer go into (0010,0020)/(0010,0021); the ID the
 * object arrived with (when it had an issuer), the patient's BSN from the MPI and the local ID are
 * kept in (0010,1002), which is only extended; the previous values go into the Original Attributes
 * Sequence. The decision is the person's, so no rule here refuses; who decided is logged by the caller.
 */
public final class ManualLink {
    private final LocalIdentityWriter writer;

    public ManualLink(SwapPolicy policy) {
        this.writer = new LocalIdentityWriter(policy);
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

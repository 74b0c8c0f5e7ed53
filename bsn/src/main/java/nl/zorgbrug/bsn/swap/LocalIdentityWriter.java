package nl.zorgbrug.bsn.swap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.edit.Edit;

/**
 * Writes the hospital's local patient identity into a header: the one place this patient-safety rule
 * lives, used by the automatic import ({@link ImportSwap}) and by a person's link ({@link ManualLink}).
 *
 * <p>Nictiz, BSN in DICOM (import): the local patient number and the hospital's issuer go into
 * (0010,0020)/(0010,0021), with (0010,0024) naming the issuer as an ISO OID (PS3.3 Table 10-18) or removed
 * when the issuer is no OID (the BSN qualifiers must not stay beside a local issuer they contradict). The
 * Other Patient IDs Sequence (0010,1002) is only ever extended: the IDs the caller wants kept, then the
 * local number. The previous values go into the Original Attributes Sequence (PS3.3 C.12.1.1.9).
 */
final class LocalIdentityWriter {
    private final SwapPolicy policy;

    LocalIdentityWriter(SwapPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param keep IDs (with their issuers) to record in (0010,1002) before the local number, e.g. the BSN
     * @return the edits; empty when the header already carries this identity in full
     */
    List<Edit> edits(DataSet header, PatientIdentity identity, List<PatientIdItems.IssuedId> keep, String localId,
                     Instant now) {
        PatientAttributeChanges changes = new PatientAttributeChanges(header);
        List<PatientIdItems.IssuedId> ids = new ArrayList<>(keep);
        ids.add(new PatientIdItems.IssuedId(localId, policy.localIssuer()));
        PatientIdItems.extendSequence(changes, header, identity, ids);
        changes.setText(Tag.PatientID, VR.LO, localId);
        changes.setText(Tag.IssuerOfPatientID, VR.LO, policy.localIssuer());
        List<DataSet> qualifiers = PatientIdItems.qualifiers(header, policy.localIssuer());
        if (qualifiers != null) {
            changes.setSequence(Tag.IssuerOfPatientIDQualifiersSequence, qualifiers, false);
        } else {
            changes.remove(Tag.IssuerOfPatientIDQualifiersSequence);
        }
        String institution = header.getString(Tag.InstitutionName);
        return changes.toEdits(now, policy.modifyingSystem(), institution == null ? "" : institution);
    }
}

package nl.zorgbrug.bsn.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;

/**
 * Everything a header says about who the patient is: the Patient ID with its issuer, every item of
 * (0010,1002) Other Patient IDs Sequence, the values of the retired (0010,1000) Other Patient IDs, and
 * the demographics the safety checks compare with the MPI.
 */
public record PatientIdentity(PatientId patientId, List<PatientId> otherIds, List<PatientId> retiredOtherIds,
                              String patientName, String birthDate, String sex, String studyDate) {

    public PatientIdentity {
        otherIds = List.copyOf(otherIds);
        retiredOtherIds = List.copyOf(retiredOtherIds);
    }

    public static PatientIdentity of(DataSet header) {
        PatientId primary = idOf(header, IdSource.PATIENT_ID, 0);
        List<PatientId> others = new ArrayList<>();
        List<DataSet> items = header.getSequence(Tag.OtherPatientIDsSequence);
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                PatientId id = idOf(items.get(i), IdSource.OTHER_PATIENT_IDS_SEQUENCE, i);
                others.add(id);
            }
        }
        List<PatientId> retired = new ArrayList<>();
        String[] values = header.getStrings(Tag.OtherPatientIDs);
        for (int i = 0; i < values.length; i++) {
            if (!values[i].isEmpty()) {
                retired.add(new PatientId(values[i], null, null, null, null, IdSource.RETIRED_OTHER_PATIENT_IDS, i));
            }
        }
        return new PatientIdentity(primary, others, retired, blankToNull(header.getString(Tag.PatientName)),
                blankToNull(header.getString(Tag.PatientBirthDate)), blankToNull(header.getString(Tag.PatientSex)),
                blankToNull(header.getString(Tag.StudyDate)));
    }

    private static PatientId idOf(DataSet ds, IdSource source, int index) {
        String ueid = null;
        String ueidType = null;
        List<DataSet> qualifiers = ds.getSequence(Tag.IssuerOfPatientIDQualifiersSequence);
        if (qualifiers != null && !qualifiers.isEmpty()) {
            ueid = blankToNull(qualifiers.get(0).getString(Tag.UniversalEntityID));
            ueidType = blankToNull(qualifiers.get(0).getString(Tag.UniversalEntityIDType));
        }
        return new PatientId(blankToNull(ds.getString(Tag.PatientID)), blankToNull(ds.getString(Tag.IssuerOfPatientID)),
                blankToNull(ds.getString(Tag.TypeOfPatientID)), ueid, ueidType, source, index);
    }

    /** Whether (0010,0020) holds a value. */
    public boolean hasPatientId() {
        return patientId.id() != null;
    }

    /** All IDs: the Patient ID (when present), then the sequence items, then the retired values. */
    public List<PatientId> allIds() {
        List<PatientId> all = new ArrayList<>();
        if (hasPatientId()) {
            all.add(patientId);
        }
        all.addAll(otherIds);
        all.addAll(retiredOtherIds);
        return all;
    }

    /** The sequence items issued as BSN (issuer = the BSN OID), valid or not. */
    public List<PatientId> bsnItemsInSequence() {
        List<PatientId> out = new ArrayList<>();
        for (PatientId id : otherIds) {
            if (id.id() != null && id.issuedAsBsn()) {
                out.add(id);
            }
        }
        return out;
    }

    /** Whether the sequence already holds an item with this id and issuer. */
    public boolean sequenceHolds(String id, String issuer) {
        for (PatientId other : otherIds) {
            if (other.sameIdAs(id, issuer)) {
                return true;
            }
        }
        return false;
    }

    /** The BSN of the Patient ID when it is issued as BSN and valid. */
    public Optional<Bsn> bsnInPatientId() {
        return patientId.issuedAsBsn() ? Bsn.fromHeaderValue(patientId.id()) : Optional.empty();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

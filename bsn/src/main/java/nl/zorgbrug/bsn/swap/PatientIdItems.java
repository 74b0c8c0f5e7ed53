package nl.zorgbrug.bsn.swap;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import nl.zorgbrug.bsn.identity.PatientId;
import nl.zorgbrug.bsn.identity.PatientIdentity;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;

/**
 * Builds the patient ID attributes both swaps write: the Issuer of Patient ID Qualifiers Sequence
 * (0010,0024) and the extended Other Patient IDs Sequence (0010,1002).
 */
final class PatientIdItems {
    /** PS3.5 9.1: an OID as a UID — digits and dots, no leading zeros, at most 64 characters. */
    private static final Pattern OID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))+");

    private PatientIdItems() {
    }

    static boolean isOid(String issuer) {
        return issuer != null && issuer.length() <= 64 && OID.matcher(issuer).matches();
    }

    /**
     * (0010,0024) with one item naming the issuer as (0040,0032) Universal Entity ID and (0040,0033)
     * Universal Entity ID Type ISO (PS3.3 Table 10-18), or null when the issuer is not an OID.
     */
    static List<DataSet> qualifiers(DataSet parent, String issuer) {
        if (!isOid(issuer)) {
            return null;
        }
        DataSet q = DataSet.itemOf(parent);
        q.setString(Tag.UniversalEntityID, VR.UT, issuer);
        q.setString(Tag.UniversalEntityIDType, VR.CS, PatientId.UNIVERSAL_ENTITY_ID_TYPE_ISO);
        return List.of(q);
    }

    /** An item of (0010,1002): Patient ID, Issuer of Patient ID, Type of Patient ID TEXT, qualifiers. */
    static DataSet item(DataSet header, String id, String issuer) {
        DataSet item = DataSet.itemOf(header);
        item.setString(Tag.PatientID, VR.LO, id);
        item.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        item.setString(Tag.TypeOfPatientID, VR.CS, "TEXT");
        List<DataSet> q = qualifiers(item, issuer);
        if (q != null) {
            item.setSequence(Tag.IssuerOfPatientIDQualifiersSequence, q);
        }
        return item;
    }

    /**
     * The Other Patient IDs Sequence with every existing item kept as it is (copied byte for byte) and an
     * item appended for each (id, issuer) pair not yet present: the guideline's "only ever extended".
     */
    /** A patient ID with the issuer it is to be written with. */
    record IssuedId(String id, String issuer) {
    }

    static void extendSequence(PatientAttributeChanges changes, DataSet header, PatientIdentity identity,
                               List<IssuedId> ids) {
        List<DataSet> items = new ArrayList<>();
        boolean undefined = false;
        if (header.get(Tag.OtherPatientIDsSequence) != null
                && header.get(Tag.OtherPatientIDsSequence).value() instanceof Value.Sequence seq) {
            undefined = seq.undefinedLength();
            for (DataSet item : seq.items()) {
                items.add(item.copy());
            }
        }
        boolean added = false;
        for (IssuedId id : ids) {
            if (!identity.sequenceHolds(id.id(), id.issuer()) && !holdsAmongNew(items, identity, id)) {
                items.add(item(header, id.id(), id.issuer()));
                added = true;
            }
        }
        if (added) {
            changes.setSequence(Tag.OtherPatientIDsSequence, items, undefined);
        }
    }

    private static boolean holdsAmongNew(List<DataSet> items, PatientIdentity identity, IssuedId id) {
        for (int i = identity.otherIds().size(); i < items.size(); i++) {
            if (id.id().equals(items.get(i).getString(Tag.PatientID))
                    && id.issuer().equals(items.get(i).getString(Tag.IssuerOfPatientID))) {
                return true;
            }
        }
        return false;
    }
}

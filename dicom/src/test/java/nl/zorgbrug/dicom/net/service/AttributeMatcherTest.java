package nl.zorgbrug.dicom.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;

class AttributeMatcherTest {
    static final String BSN_ISSUER = "2.16.840.1.113883.2.4.6.3";

    static DataSet patient() {
        DataSet p = new DataSet();
        p.setString(Tag.PatientName, VR.PN, "Jansen^Anna");
        p.setString(Tag.PatientID, VR.LO, "LOCAL-77");
        p.setString(Tag.IssuerOfPatientID, VR.LO, "HOSPITAL-A");
        p.setString(Tag.StudyDate, VR.DA, "20260315");
        p.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3.4");
        DataSet bsn = DataSet.itemOf(p);
        bsn.setString(Tag.PatientID, VR.LO, "999911120");
        bsn.setString(Tag.IssuerOfPatientID, VR.LO, BSN_ISSUER);
        DataSet local = DataSet.itemOf(p);
        local.setString(Tag.PatientID, VR.LO, "LOCAL-77");
        local.setString(Tag.IssuerOfPatientID, VR.LO, "HOSPITAL-A");
        p.setSequence(Tag.OtherPatientIDsSequence, List.of(local, bsn));
        return p;
    }

    static DataSet keys() {
        return new DataSet();
    }

    @Test
    void singleValueUniversalAndWildcard() {
        assertThat(AttributeMatcher.matches(keys().setString(Tag.PatientID, VR.LO, "LOCAL-77"), patient())).isTrue();
        assertThat(AttributeMatcher.matches(keys().setString(Tag.PatientID, VR.LO, "LOCAL-78"), patient())).isFalse();
        assertThat(AttributeMatcher.matches(keys().setBytes(Tag.PatientID, VR.LO, new byte[0]), patient())).isTrue();
        assertThat(AttributeMatcher.matches(keys().setString(Tag.PatientName, VR.PN, "jans*"), patient())).isTrue();
        assertThat(AttributeMatcher.matches(keys().setString(Tag.PatientName, VR.PN, "Jans?n^*"), patient())).isTrue();
        assertThat(AttributeMatcher.matches(keys().setString(Tag.PatientName, VR.PN, "Pietersen*"), patient())).isFalse();
        assertThat(AttributeMatcher.matches(keys().setString(Tag.AccessionNumber, VR.SH, "A1"), patient()))
                .as("a key with a value does not match a record without the attribute").isFalse();
    }

    @Test
    void dateRangesAndUidLists() {
        assertThat(AttributeMatcher.matches(keys().setString(Tag.StudyDate, VR.DA, "20260301-20260331"), patient())).isTrue();
        assertThat(AttributeMatcher.matches(keys().setString(Tag.StudyDate, VR.DA, "20260316-"), patient())).isFalse();
        assertThat(AttributeMatcher.matches(keys().setString(Tag.StudyDate, VR.DA, "-20260315"), patient())).isTrue();
        assertThat(AttributeMatcher.matches(keys().setString(Tag.StudyInstanceUID, VR.UI, "9.9", "1.2.3.4"), patient())).isTrue();
        assertThat(AttributeMatcher.matches(keys().setString(Tag.StudyInstanceUID, VR.UI, "1.2.3"), patient())).isFalse();
    }

    @Test
    void sequenceMatchingFindsThePatientByItsBsn() {
        DataSet k = keys();
        DataSet item = DataSet.itemOf(k);
        item.setString(Tag.PatientID, VR.LO, "999911120");
        item.setString(Tag.IssuerOfPatientID, VR.LO, BSN_ISSUER);
        k.setSequence(Tag.OtherPatientIDsSequence, List.of(item));
        assertThat(AttributeMatcher.matches(k, patient())).isTrue();

        DataSet wrongIssuer = keys();
        DataSet wi = DataSet.itemOf(wrongIssuer);
        wi.setString(Tag.PatientID, VR.LO, "999911120");
        wi.setString(Tag.IssuerOfPatientID, VR.LO, "HOSPITAL-A");
        wrongIssuer.setSequence(Tag.OtherPatientIDsSequence, List.of(wi));
        assertThat(AttributeMatcher.matches(wrongIssuer, patient()))
                .as("ID and issuer must match within the same item").isFalse();
    }

    @Test
    void responseHoldsTheRequestedKeysOnly() {
        DataSet k = keys().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                .setBytes(Tag.StudyInstanceUID, VR.UI, new byte[0])
                .setString(Tag.PatientID, VR.LO, "LOCAL-77")
                .setBytes(Tag.AccessionNumber, VR.SH, new byte[0]);
        DataSet r = AttributeMatcher.response(k, patient());
        assertThat(r.getString(Tag.StudyInstanceUID)).isEqualTo("1.2.3.4");
        assertThat(r.getString(Tag.QueryRetrieveLevel)).isEqualTo("STUDY");
        assertThat(r.contains(Tag.AccessionNumber)).isTrue();
        assertThat(r.contains(Tag.PatientName)).isFalse();
    }

    @Property(tries = 200)
    void aValueMatchesItselfAndTheStarMatchesEverything(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String id) {
        DataSet record = new DataSet().setString(Tag.PatientID, VR.LO, id);
        assertThat(AttributeMatcher.matches(new DataSet().setString(Tag.PatientID, VR.LO, id), record)).isTrue();
        assertThat(AttributeMatcher.matches(new DataSet().setString(Tag.PatientID, VR.LO, "*"), record)).isTrue();
        assertThat(AttributeMatcher.matches(new DataSet().setString(Tag.PatientID, VR.LO, id + "x"), record)).isFalse();
    }
}

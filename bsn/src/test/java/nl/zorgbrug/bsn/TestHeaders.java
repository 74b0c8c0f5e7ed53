package nl.zorgbrug.bsn;

import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;

/**
 * Builds DICOM headers of fictitious test patients. The BSNs are in the 9999xxxxx test range and
 * pass the 11-proof; they belong to no one.
 */
public final class TestHeaders {
    public static final String BSN_A = "999911120";
    public static final String BSN_B = "999990019";
    public static final String BSN_C = "999900018";
    /** Nine digits failing the 11-proof. */
    public static final String NOT_A_BSN = "999911121";
    public static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    public static final String OTHER_ISSUER = "2.16.528.1.1007.77.1";

    private final DataSet ds = new DataSet();
    private final List<DataSet> others = new ArrayList<>();

    private TestHeaders() {
    }

    /** A local object as a hospital PACS holds it: local number with local issuer, Latin-1 names. */
    public static TestHeaders local(String localId) {
        return new TestHeaders().charset("ISO_IR 100").name("Vries^Ëlla").birthDate("19700101").sex("F")
                .id(localId, LOCAL_ISSUER);
    }

    public static TestHeaders empty() {
        return new TestHeaders().charset("ISO_IR 192");
    }

    public TestHeaders charset(String term) {
        ds.setString(Tag.SpecificCharacterSet, VR.CS, term);
        return this;
    }

    public TestHeaders name(String pn) {
        ds.setString(Tag.PatientName, VR.PN, pn);
        return this;
    }

    public TestHeaders birthDate(String da) {
        ds.setString(Tag.PatientBirthDate, VR.DA, da);
        return this;
    }

    public TestHeaders studyDate(String da) {
        ds.setString(Tag.StudyDate, VR.DA, da);
        return this;
    }

    public TestHeaders sex(String cs) {
        ds.setString(Tag.PatientSex, VR.CS, cs);
        return this;
    }

    /** (0010,0020) and, when issuer is not null, (0010,0021). */
    public TestHeaders id(String id, String issuer) {
        ds.setString(Tag.PatientID, VR.LO, id);
        if (issuer != null) {
            ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        } else {
            ds.remove(Tag.IssuerOfPatientID);
        }
        return this;
    }

    public TestHeaders noIssuer() {
        ds.remove(Tag.IssuerOfPatientID);
        return this;
    }

    /** (0010,0024) with one item: Universal Entity ID and its type. */
    public TestHeaders qualifiers(String universalEntityId, String type) {
        DataSet q = DataSet.itemOf(ds);
        q.setString(Tag.UniversalEntityID, VR.UT, universalEntityId);
        q.setString(Tag.UniversalEntityIDType, VR.CS, type);
        ds.setSequence(Tag.IssuerOfPatientIDQualifiersSequence, List.of(q));
        return this;
    }

    /** Appends an item to (0010,1002); issuer may be null. */
    public TestHeaders otherId(String id, String issuer) {
        DataSet item = DataSet.itemOf(ds);
        item.setString(Tag.PatientID, VR.LO, id);
        if (issuer != null) {
            item.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        }
        item.setString(Tag.TypeOfPatientID, VR.CS, "TEXT");
        others.add(item);
        ds.setSequence(Tag.OtherPatientIDsSequence, others);
        return this;
    }

    /** The retired (0010,1000) Other Patient IDs. */
    public TestHeaders retiredOtherIds(String... ids) {
        ds.setString(Tag.OtherPatientIDs, VR.LO, ids);
        return this;
    }

    public DataSet build() {
        return ds.copy();
    }

    public static MpiPatient mpi(String localId, String bsn, BsnStatus status) {
        return new MpiPatient(localId, LOCAL_ISSUER, bsn == null ? null : Bsn.parse(bsn), status, "Vries", "Ella",
                "19700101", "F");
    }
    /** Valid BSNs made by completing eight random digits with the check digit the proof demands. */
    public static net.jqwik.api.Arbitrary<String> validBsns() {
        return net.jqwik.api.Arbitraries.strings().numeric().ofLength(8)
                .map(d -> {
                    int sum = 0;
                    for (int i = 0; i < 8; i++) {
                        sum += (9 - i) * (d.charAt(i) - '0');
                    }
                    return d + "/" + Math.floorMod(sum, 11);
                })
                .filter(s -> !s.endsWith("/10") && !s.startsWith("00000000"))
                .map(s -> s.replace("/", ""));
    }

}

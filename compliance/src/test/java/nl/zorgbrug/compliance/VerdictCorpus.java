package nl.zorgbrug.compliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;

/**
 * Generated objects of every verdict, for the scan's tests: test BSNs that pass the 11-proof, a local issuer, an
 * issuer of temporary IDs (an exemption rule) and a foreign one; small CT images with real pixel data, so a reader
 * that does not stop before it reads what it need not.
 */
public final class VerdictCorpus {
    public static final String LOCAL_ISSUER = "2.16.528.1.9999.1";
    public static final String TEMPORARY_ISSUER = "2.16.528.1.9999.2";
    public static final String FOREIGN_ISSUER = "1.3.6.1.4.1.99999.7";
    public static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    public static final String UID_ROOT = "2.25.4711";

    private VerdictCorpus() {
    }

    public static ExemptionRules rules() {
        return new ExemptionRules(Set.of(LOCAL_ISSUER), Set.of(TEMPORARY_ISSUER), List.of());
    }

    /** The n-th test BSN: 9 digits from 90000000x on, passing the 11-proof (each n owns two prefixes). */
    public static String bsn(int n) {
        for (int prefix = 90_000_000 + 2 * n; ; prefix++) {
            String p = Integer.toString(prefix);
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (9 - i) * (p.charAt(i) - '0');
            }
            int check = sum % 11;
            if (check < 10 && Bsn.isValid(p + check)) {
                return p + check;
            }
        }
    }

    public static String localId(int patient) {
        return "P" + (100000 + patient);
    }

    /** A study of one patient: its UID, date (DA, may be malformed or null), modality. */
    public record Study(String uid, int patient, String date, String modality) {
        public static Study of(int n, int patient, String date, String modality) {
            return new Study(UID_ROOT + ".1." + n, patient, date, modality);
        }
    }

    public static final String BIRTH = "19700101";

    /** The header of an object of {@code study} whose identifiers give {@code verdict} under {@link #rules()}. */
    public static DataSet header(Verdict verdict, Study study, String sopUid) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopUid);
        if (study.date() != null) {
            ds.setString(Tag.StudyDate, VR.DA, study.date());
        }
        ds.setString(Tag.Modality, VR.CS, study.modality());
        ds.setString(Tag.PatientName, VR.PN, "Jansen^Anna" + (char) ('A' + study.patient() % 26));
        String birth = BIRTH;
        int p = study.patient();
        switch (verdict) {
            case CORRECT -> issued(ds, bsn(p), Bsn.ISSUER_OID);
            case BSN_ONLY_IN_OTHER_IDS_SEQUENCE -> {
                issued(ds, localId(p), LOCAL_ISSUER);
                DataSet item = DataSet.itemOf(ds);
                item.setString(Tag.PatientID, VR.LO, bsn(p));
                item.setString(Tag.IssuerOfPatientID, VR.LO, Bsn.ISSUER_OID);
                ds.setSequence(Tag.OtherPatientIDsSequence, List.of(item));
            }
            case BSN_ONLY_IN_RETIRED_OTHER_PATIENT_IDS -> {
                issued(ds, localId(p), LOCAL_ISSUER);
                ds.setString(Tag.OtherPatientIDs, VR.LO, bsn(p));
            }
            case BSN_WITHOUT_ISSUER -> ds.setString(Tag.PatientID, VR.LO, bsn(p));
            case WRONG_ISSUER -> issued(ds, bsn(p), FOREIGN_ISSUER);
            case INVALID_BSN -> issued(ds, "123456789", Bsn.ISSUER_OID);
            case NO_BSN -> issued(ds, localId(p), LOCAL_ISSUER);
            case EXEMPT_NEWBORN -> {
                issued(ds, localId(p), LOCAL_ISSUER);
                birth = LocalDate.parse(study.date(), DateTimeFormatter.BASIC_ISO_DATE).minusDays(3)
                        .format(DateTimeFormatter.BASIC_ISO_DATE);
            }
            case EXEMPT_RULE -> issued(ds, "T" + p, TEMPORARY_ISSUER);
        }
        ds.setString(Tag.PatientBirthDate, VR.DA, birth);
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study.uid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study.uid() + ".1");
        ds.setInt(Tag.Rows, VR.US, 16);
        ds.setInt(Tag.Columns, VR.US, 16);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.put(new Element(Tag.PixelData, VR.OW, new Value.Bytes(new byte[16 * 16 * 2])));
        return ds;
    }

    private static void issued(DataSet ds, String id, String issuer) {
        ds.setString(Tag.PatientID, VR.LO, id);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
    }

    public static Path write(Path file, DataSet ds) throws IOException {
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        DataSet meta = FileMetaInformation.create(CT, ds.getString(Tag.SOPInstanceUID), ts, "TESTCORPUS");
        Files.createDirectories(file.getParent());
        Part10Writer.write(new DicomFile(null, meta, ds, ts, true), file);
        return file;
    }

    /** An MPI CSV (bsn's CsvMasterPatientIndex format) with these lines after the header. */
    public static Path mpi(Path file, List<String> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex");
        lines.addAll(rows);
        Files.write(file, lines);
        return file;
    }

    /** An MPI row for patient {@code p} under the local issuer with its test BSN validated (or none). */
    public static String mpiRow(int p, boolean withBsn) {
        return localId(p) + "," + LOCAL_ISSUER + "," + (withBsn ? bsn(p) + ",validated" : ",none") + ",Jansen,Anna"
                + (char) ('A' + p % 26) + "," + BIRTH + ",F";
    }
}

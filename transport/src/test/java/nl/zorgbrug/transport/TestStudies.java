package nl.zorgbrug.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.transport.pkg.PackageManifest;

/** Generated test studies as they leave an export route: the BSN (a test value passing the 11-proof) as Patient ID. */
public final class TestStudies {
    /** A test BSN: passes the 11-proof, not a real person's. */
    public static final String BSN = "999911120";
    public static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    private TestStudies() {
    }

    /** {@code count} CT objects of study {@code study}, spread over {@code series} series, with random pixel bytes. */
    public static List<Path> study(Path dir, String study, int count, int series, int pixelBytes) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        java.util.Random random = new java.util.Random(count * 31L + series);
        for (int n = 1; n <= count; n++) {
            DataSet ds = new DataSet();
            ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
            ds.setString(Tag.SOPClassUID, VR.UI, CT);
            String sop = study + "." + n;
            ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
            ds.setString(Tag.StudyDate, VR.DA, "20261125");
            ds.setString(Tag.StudyTime, VR.TM, "101500");
            ds.setString(Tag.AccessionNumber, VR.SH, "ACC42");
            ds.setString(Tag.Modality, VR.CS, "CT");
            ds.setString(Tag.PatientName, VR.PN, "Vries^Ëlla");
            ds.setString(Tag.PatientID, VR.LO, BSN);
            ds.setString(Tag.IssuerOfPatientID, VR.LO, Bsn.ISSUER_OID);
            ds.setString(Tag.PatientBirthDate, VR.DA, "19700101");
            ds.setString(Tag.PatientSex, VR.CS, "F");
            ds.setString(Tag.StudyInstanceUID, VR.UI, study);
            ds.setString(Tag.StudyID, VR.SH, "1");
            ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".0." + (n % series));
            ds.setString(Tag.SeriesNumber, VR.IS, Integer.toString(n % series + 1));
            ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(n));
            byte[] pixels = new byte[pixelBytes];
            random.nextBytes(pixels);
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            Path file = dir.resolve("obj" + n + ".dcm");
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create(CT, sop, ts, "TEST"), ds, ts, true), file);
            files.add(file);
        }
        return files;
    }

    /** The manifest's head for such a study. */
    public static PackageManifest manifest(String study) {
        return new PackageManifest(PackageManifest.FORMAT, new PackageManifest.Party("Ziekenhuis A", "12345678"),
                new PackageManifest.Party("UMC X", "87654321"), study, "ACC42", BSN, "second opinion", "urgent",
                "2026-12-06T07:00:00Z", List.of());
    }
}

package nl.zorgbrug.app.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;

/**
 * What the kill tests of a node process share (RegistrationKillTest, ImportKillTest): the generated CT instances of the
 * own PACS, written as PS3.10 files, and the look-ups of the node's tables they check after each kill.
 */
final class KillTestData {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    private KillTestData() {
    }

    /** Instance {@code n} of a small CT study of the own PACS (16x16 pixels: the tests count objects, not bytes). */
    static DataSet ct(String study, String localId, String accession, int n) {
        DataSet ds = TestSubmissions.ownPacsHead(study, ".1", ".1." + n, CT, "CT", localId, LOCAL_ISSUER);
        ds.setString(Tag.AccessionNumber, VR.SH, accession);
        ds.setString(Tag.StudyDescription, VR.LO, "CT thorax");
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jurgen");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19811231");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setString(Tag.InstanceNumber, VR.IS, String.valueOf(n));
        ds.setBytes(Tag.PixelData, VR.OW, new byte[16 * 16 * 2]);
        return ds;
    }

    static Path write(Path dir, DataSet ds) throws IOException {
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        String sop = ds.getString(Tag.SOPInstanceUID);
        Path file = dir.resolve(sop + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(CT, sop, ts, "OWNPACS"), ds, ts, true),
                file);
        return file;
    }

    static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    /** The first column of the one row {@code query} answers; {@code arg} fills its {@code ?}, if it has one. */
    static long longs(Connection sql, String query, String arg) throws Exception {
        try (PreparedStatement s = sql.prepareStatement(query)) {
            if (arg != null) {
                s.setString(1, arg);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The first column of every row {@code query} answers; {@code arg} fills its {@code ?}, if it has one. */
    static List<String> strings(Connection sql, String query, String arg) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = sql.prepareStatement(query)) {
            if (arg != null) {
                s.setString(1, arg);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }
}

package nl.zorgbrug.app.cli.bsn;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

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
 * Writes the test corpus with our own writer: fictitious patients, test BSNs from the 9999xxxxx range
 * that pass the 11-proof, every transfer syntax of the toolkit and Latin-1 and UTF-8 names.
 */
final class Corpus {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String OTHER_ISSUER = "2.16.528.1.1007.77.1";
    static final String TEMP_ISSUER = "2.16.528.1.1007.99.9";
    static final String BSN_OID = "2.16.840.1.113883.2.4.6.3";
    static final String BSN_LATIN1 = "999911120";
    static final String BSN_UTF8 = "999990019";
    static final String BSN_UNKNOWN = "999900018";
    static final String NOT_A_BSN = "999911121";

    /** Patient L100 (Latin-1 name) and L200 (UTF-8 name), both with a validated BSN. */
    static final String MPI_CSV = "local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex\n"
            + "L100," + LOCAL_ISSUER + "," + BSN_LATIN1 + ",validated,Müller,Zoë,19800101,F\n"
            + "L200," + LOCAL_ISSUER + "," + BSN_UTF8 + ",validated,Øster,Łukasz,19900202,M\n";

    static final List<String> SYNTAX_NAMES = List.of("implicit", "explicit", "bigendian", "deflated", "jpeg");

    static TransferSyntax syntax(String name) {
        switch (name) {
            case "implicit": return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
            case "explicit": return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            case "bigendian": return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
            case "deflated": return TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
            case "jpeg": return TransferSyntax.of("1.2.840.10008.1.2.4.50");
            default: throw new IllegalArgumentException(name);
        }
    }

    private Corpus() {
    }

    static String uid() {
        UUID u = UUID.randomUUID();
        return "2.25." + new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    /** A local object of patient L100 (ISO_IR 100) or L200 (ISO_IR 192) as the hospital's PACS holds it. */
    static DataSet local(boolean utf8) {
        DataSet ds = base(utf8 ? "ISO_IR 192" : "ISO_IR 100");
        ds.setString(Tag.PatientName, VR.PN, utf8 ? "Øster^Łukasz" : "Müller^Zoë");
        ds.setString(Tag.PatientID, VR.LO, utf8 ? "L200" : "L100");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, LOCAL_ISSUER);
        ds.setString(Tag.PatientBirthDate, VR.DA, utf8 ? "19900202" : "19800101");
        ds.setString(Tag.PatientSex, VR.CS, utf8 ? "M" : "F");
        return ds;
    }

    static DataSet base(String charset) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, charset);
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, uid());
        ds.setString(Tag.StudyDate, VR.DA, "20261125");
        ds.setString(Tag.Modality, VR.CS, "OT");
        ds.setString(Tag.StudyInstanceUID, VR.UI, uid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, uid());
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        return ds;
    }

    /** Writes ds in the named transfer syntax, with native or encapsulated pixels to match. */
    static Path write(Path file, DataSet ds, String syntaxName) throws IOException {
        TransferSyntax ts = syntax(syntaxName);
        if (ts.encapsulated()) {
            ds.setInt(Tag.BitsAllocated, VR.US, 8);
            ds.setInt(Tag.BitsStored, VR.US, 8);
            ds.setInt(Tag.HighBit, VR.US, 7);
            ds.put(new Element(Tag.PixelData, VR.OB, new Value.Fragments(List.of(new byte[0],
                    new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9}))));
        } else {
            ds.setInt(Tag.BitsAllocated, VR.US, 16);
            ds.setInt(Tag.BitsStored, VR.US, 16);
            ds.setInt(Tag.HighBit, VR.US, 15);
            byte[] pixels = new byte[32];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) i;
            }
            ds.setBytes(Tag.PixelData, VR.OW, pixels);
        }
        DataSet meta = FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.7", ds.getString(Tag.SOPInstanceUID), ts, "TEST");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Part10Writer.write(new DicomFile(null, meta, ds, ts, true), file);
        return file;
    }

    /** One local object per transfer syntax and character set, named ours-SYNTAX-latin1|utf8.dcm. */
    static void writeLocalObjects(Path dir) throws IOException {
        for (String ts : SYNTAX_NAMES) {
            write(dir.resolve("ours-" + ts + "-latin1.dcm"), local(false), ts);
            write(dir.resolve("ours-" + ts + "-utf8.dcm"), local(true), ts);
        }
    }

    /** An object as another hospital would send it, changed by {@code how}. */
    static DataSet incoming(boolean utf8, Consumer<DataSet> how) {
        DataSet ds = local(utf8);
        ds.setString(Tag.PatientID, VR.LO, utf8 ? BSN_UTF8 : BSN_LATIN1);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, BSN_OID);
        DataSet item = DataSet.itemOf(ds);
        item.setString(Tag.PatientID, VR.LO, "X-77");
        item.setString(Tag.IssuerOfPatientID, VR.LO, OTHER_ISSUER);
        ds.setSequence(Tag.OtherPatientIDsSequence, List.of(item));
        how.accept(ds);
        return ds;
    }

    static void otherId(DataSet ds, String id, String issuer) {
        List<DataSet> items = ds.getSequence(Tag.OtherPatientIDsSequence);
        List<DataSet> all = items == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(items);
        DataSet item = DataSet.itemOf(ds);
        item.setString(Tag.PatientID, VR.LO, id);
        if (issuer != null) {
            item.setString(Tag.IssuerOfPatientID, VR.LO, issuer);
        }
        all.add(item);
        ds.setSequence(Tag.OtherPatientIDsSequence, all);
    }

    static void qualifiers(DataSet ds, String ueid, String type) {
        DataSet q = DataSet.itemOf(ds);
        q.setString(Tag.UniversalEntityID, VR.UT, ueid);
        q.setString(Tag.UniversalEntityIDType, VR.CS, type);
        ds.setSequence(Tag.IssuerOfPatientIDQualifiersSequence, List.of(q));
    }
}

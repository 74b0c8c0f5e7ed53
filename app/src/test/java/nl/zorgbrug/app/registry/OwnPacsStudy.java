package nl.zorgbrug.app.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.registry.TestSubmissions;

/**
 * The instances of a generated study as the own PACS of a registry node test holds them, under the patient's local id
 * and issuer with the demographics the MPI knows (the export swap checks them): CT images and the radiologist's report
 * as a Basic Text SR, written as PS3.10 files for storescu.
 */
final class OwnPacsStudy {
    static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";

    private final String study;
    private final String localId;
    private final String issuer;
    private final String accession;

    OwnPacsStudy(String study, String localId, String issuer, String accession) {
        this.study = study;
        this.localId = localId;
        this.issuer = issuer;
        this.accession = accession;
    }

    /** A CT image of series {@code study + ".1"}. */
    DataSet ct(String instance) {
        DataSet ds = head(".1", instance, RegistryNodeFixture.CT, "CT");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[16 * 16 * 2]);
        return ds;
    }

    /** The report of series {@code study + ".2"}: one finding as text (PS3.3 A.35.1, TID 2000). */
    DataSet report(String instance) {
        DataSet ds = head(".2", instance, BASIC_TEXT_SR, "SR");
        ds.setString(Tag.ValueType, VR.CS, "CONTAINER");
        ds.setString(Tag.CompletionFlag, VR.CS, "COMPLETE");
        ds.setString(Tag.VerificationFlag, VR.CS, "UNVERIFIED");
        ds.setSequence(Tag.ConceptNameCodeSequence, List.of(code(ds, "18748-4", "LN", "Verslag CT thorax")));
        DataSet text = DataSet.itemOf(ds);
        text.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
        text.setString(Tag.ValueType, VR.CS, "TEXT");
        text.setSequence(Tag.ConceptNameCodeSequence, List.of(code(text, "121071", "DCM", "Finding")));
        text.setString(Tag.TextValue, VR.UT, "Geen afwijkingen aan de longen.");
        ds.setSequence(Tag.ContentSequence, List.of(text));
        return ds;
    }

    static Path write(Path dir, DataSet ds) throws IOException {
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        String sop = ds.getString(Tag.SOPInstanceUID);
        Path file = dir.resolve(sop + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(ds.getString(Tag.SOPClassUID), sop, ts,
                "OWNPACS"), ds, ts, true), file);
        return file;
    }

    private DataSet head(String series, String instance, String sopClass, String modality) {
        DataSet ds = TestSubmissions.ownPacsHead(study, series, instance, sopClass, modality, localId, issuer);
        ds.setString(Tag.AccessionNumber, VR.SH, accession);
        ds.setString(Tag.StudyDescription, VR.LO, "CT thorax");
        // As the MPI knows the patient: the export swap checks the demographics.
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jurgen");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19811231");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        return ds;
    }

    private static DataSet code(DataSet parent, String value, String scheme, String meaning) {
        DataSet c = DataSet.itemOf(parent);
        c.setString(Tag.CodeValue, VR.SH, value);
        c.setString(Tag.CodingSchemeDesignator, VR.SH, scheme);
        c.setString(Tag.CodeMeaning, VR.LO, meaning);
        return c;
    }
}

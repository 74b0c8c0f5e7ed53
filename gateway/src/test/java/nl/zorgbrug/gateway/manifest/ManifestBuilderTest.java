package nl.zorgbrug.gateway.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.interop.Peers;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;

/** The study manifest as a Key Object Selection Document: what it holds, and that dcmtk and pydicom read it. */
class ManifestBuilderTest {
    static final String STUDY = "2.25.77001";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";
    static final String REMARK = "Graag beoordelen vóór 12:00 — kosten € 0";
    static final String REFERRAL = "Verdenking longembolie";

    @TempDir
    Path tmp;

    /** A CT head in ISO_IR 100 (Latin-1), so the manifest must re-encode the patient's name into UTF-8. */
    static DataSet source() {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, STUDY + ".1.1");
        ds.setString(Tag.StudyDate, VR.DA, "20261125");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-77");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Dijk^Jürgen");
        ds.setString(Tag.PatientID, VR.LO, "PAT-0042");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "2.16.528.1.1007.99.1");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19811231");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        DataSet other = DataSet.itemOf(ds);
        other.setString(Tag.PatientID, VR.LO, "Ö-7");
        other.setString(Tag.TypeOfPatientID, VR.CS, "TEXT");
        ds.setSequence(Tag.OtherPatientIDsSequence, List.of(other));
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".1");
        return ds;
    }

    static List<StudyManifest.Reference> references() {
        List<StudyManifest.Reference> refs = new ArrayList<>();
        refs.add(new StudyManifest.Reference(STUDY + ".1", CT, STUDY + ".1.1"));
        refs.add(new StudyManifest.Reference(STUDY + ".1", CT, STUDY + ".1.2"));
        refs.add(new StudyManifest.Reference(STUDY + ".2", CT, STUDY + ".2.1"));
        refs.add(new StudyManifest.Reference(STUDY + ".3", BASIC_TEXT_SR, STUDY + ".3.1"));
        return refs;
    }

    private Path write(StudyManifest m) throws Exception {
        DicomFile file = ManifestBuilder.build(source(), m, ManifestUids.series(m.sopInstanceUid()),
                LocalDateTime.of(2026, 11, 25, 12, 34, 56), "ZORGBRUG");
        Path p = tmp.resolve(m.sopInstanceUid() + ".dcm");
        Part10Writer.write(file, p);
        return p;
    }

    @Test
    void theManifestReferencesEveryInstanceAndCarriesRemarkAndReferral() throws Exception {
        String uid = ManifestUids.manifest("ZORGBRUG", 7, STUDY, "umcx", REMARK, REFERRAL,
                references().stream().map(StudyManifest.Reference::sopInstanceUid).toList());
        StudyManifest m = new StudyManifest(uid, STUDY, REMARK, REFERRAL, references());
        DataSet ds = Part10Reader.read(write(m)).dataSet();

        assertThat(ds.getString(Tag.SOPClassUID)).isEqualTo(ManifestBuilder.KEY_OBJECT_SELECTION);
        assertThat(ds.getString(Tag.Modality)).isEqualTo("KO");
        assertThat(ds.getString(Tag.SeriesInstanceUID)).isNotEqualTo(STUDY + ".1").startsWith(ManifestUids.ROOT);
        assertThat(ds.getString(Tag.Manufacturer)).isEqualTo("Zorgbrug");
        assertThat(ds.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(ds.getString(Tag.PatientName)).isEqualTo("Dijk^Jürgen");
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("PAT-0042");
        assertThat(ds.getSequence(Tag.OtherPatientIDsSequence).get(0).getString(Tag.PatientID)).isEqualTo("Ö-7");
        assertThat(ds.getString(Tag.ContentDate)).isEqualTo("20261125");
        // Title from CID 7010: a referral reason was given.
        DataSet title = ds.getSequence(Tag.ConceptNameCodeSequence).get(0);
        assertThat(title.getString(Tag.CodeValue)).isEqualTo("113002");
        assertThat(title.getString(Tag.CodingSchemeDesignator)).isEqualTo("DCM");
        assertThat(ds.getSequence(Tag.ContentTemplateSequence).get(0)
                .getString(Tag.TemplateIdentifier)).isEqualTo("2010");

        List<DataSet> content = ds.getSequence(Tag.ContentSequence);
        DataSet text = content.get(0);
        assertThat(text.getString(Tag.ValueType)).isEqualTo("TEXT");
        assertThat(text.getSequence(Tag.ConceptNameCodeSequence).get(0).getString(Tag.CodeValue))
                .isEqualTo("113012");
        assertThat(text.getText(Tag.TextValue)).contains(REMARK).contains(REFERRAL);
        assertThat(content.subList(1, content.size())).extracting(i -> i.getString(Tag.ValueType))
                .containsExactly("IMAGE", "IMAGE", "IMAGE", "COMPOSITE");
        assertThat(content.subList(1, content.size())).extracting(i -> i.getSequence(Tag.ReferencedSOPSequence)
                .get(0).getString(Tag.ReferencedSOPInstanceUID))
                .containsExactly(STUDY + ".1.1", STUDY + ".1.2", STUDY + ".2.1", STUDY + ".3.1");

        // The evidence: one study, three series, every instance.
        DataSet evidence = ds.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0);
        assertThat(evidence.getString(Tag.StudyInstanceUID)).isEqualTo(STUDY);
        assertThat(evidence.getSequence(Tag.ReferencedSeriesSequence)).hasSize(3);

        // A receiving node reads it back whole.
        StudyManifest back = ManifestBuilder.read(ds).orElseThrow();
        assertThat(back).isEqualTo(m);
        assertThat(ManifestBuilder.isManifest(ds)).isTrue();
    }

    @Test
    void titleIsOfInterestWithoutReferralAndThereIsNoTextWithoutEither() throws Exception {
        StudyManifest remarkOnly = new StudyManifest(ManifestUids.ROOT + ".1", STUDY, REMARK, " ", references());
        DataSet a = Part10Reader.read(write(remarkOnly)).dataSet();
        assertThat(a.getSequence(Tag.ConceptNameCodeSequence).get(0).getString(Tag.CodeValue))
                .isEqualTo("113000");
        assertThat(a.getSequence(Tag.ContentSequence).get(0).getText(Tag.TextValue))
                .isEqualTo("Opmerking / Remark: " + REMARK);
        assertThat(ManifestBuilder.read(a).orElseThrow().referralReason()).isNull();

        StudyManifest bare = new StudyManifest(ManifestUids.ROOT + ".2", STUDY, null, null, references());
        DataSet b = Part10Reader.read(write(bare)).dataSet();
        assertThat(b.getSequence(Tag.ContentSequence)).hasSize(4)
                .noneMatch(i -> "TEXT".equals(i.getString(Tag.ValueType)));
        assertThat(ManifestBuilder.read(b).orElseThrow().references()).hasSize(4);
    }

    /**
     * Issue 20: the XDS-I.b manifest (RAD TF-3 §4.68.4.1.2.1), read back from its file: title (113030, DCM,
     * "Manifest"), the Retrieve Location UID in every series of the evidence, every instance, no private block (so a
     * receiving node does not take it for a delivery manifest); the delivery manifest has no Retrieve Location UID.
     */
    @Test
    void theXdsiManifestIsTitledManifestAndNamesItsRetrieveLocationPerSeries() throws Exception {
        String repository = "2.16.528.1.1007.99.7.1";
        StudyManifest m = new StudyManifest(ManifestUids.ROOT + ".20", STUDY, null, null, references());
        Path file = tmp.resolve("xdsi.dcm");
        Part10Writer.write(ManifestBuilder.buildXdsi(source(), m, ManifestUids.series(m.sopInstanceUid()),
                LocalDateTime.of(2026, 12, 6, 13, 0), "ZORGBRUG", repository), file);
        DataSet ds = Part10Reader.read(file).dataSet();

        DataSet title = ds.getSequence(Tag.ConceptNameCodeSequence).get(0);
        assertThat(List.of(title.getString(Tag.CodeValue), title.getString(Tag.CodingSchemeDesignator),
                title.getString(Tag.CodeMeaning))).containsExactly("113030", "DCM", "Manifest");
        assertThat(ds.getSequence(Tag.ContentTemplateSequence).get(0).getString(Tag.TemplateIdentifier))
                .isEqualTo("2010");
        DataSet evidence = ds.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0);
        assertThat(evidence.getSequence(Tag.ReferencedSeriesSequence))
                .extracting(se -> se.getString(Tag.SeriesInstanceUID), se -> se.getString(Tag.RetrieveLocationUID))
                .containsExactly(tuple(STUDY + ".1", repository), tuple(STUDY + ".2", repository),
                        tuple(STUDY + ".3", repository));
        assertThat(ds.getSequence(Tag.ContentSequence)).hasSize(4)
                .noneMatch(i -> "TEXT".equals(i.getString(Tag.ValueType)));
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("PAT-0042");
        assertThat(ManifestBuilder.isManifest(ds)).as("no private block").isFalse();

        DataSet delivery = Part10Reader.read(write(m)).dataSet();
        assertThat(delivery.getSequence(Tag.CurrentRequestedProcedureEvidenceSequence).get(0)
                .getSequence(Tag.ReferencedSeriesSequence)).allMatch(se -> se.getString(Tag.RetrieveLocationUID) == null);
        assertThat(delivery.getSequence(Tag.ConceptNameCodeSequence).get(0).getString(Tag.CodeValue))
                .isEqualTo("113000");

        assertThatThrownBy(() -> ManifestBuilder.buildXdsi(source(), new StudyManifest(ManifestUids.ROOT + ".21", STUDY,
                REMARK, null, references()), ManifestUids.ROOT + ".22", LocalDateTime.now(), "ZB", repository))
                .hasMessageContaining("no remark");
        assertThatThrownBy(() -> ManifestBuilder.buildXdsi(source(), m, ManifestUids.ROOT + ".22", LocalDateTime.now(),
                "ZB", " ")).hasMessageContaining("Retrieve Location UID");
    }

    @Test
    void dcmtkReadsTheXdsiManifest() throws Exception {
        Peers.requireDcmtk();
        Path file = tmp.resolve("xdsi-dcmtk.dcm");
        StudyManifest m = new StudyManifest(ManifestUids.ROOT + ".23", STUDY, null, null, references());
        Part10Writer.write(ManifestBuilder.buildXdsi(source(), m, ManifestUids.series(m.sopInstanceUid()),
                LocalDateTime.of(2026, 12, 6, 13, 0), "ZORGBRUG", "2.16.528.1.1007.99.7.1"), file);
        Peers.Result dump = Peers.run(List.of("dcmdump", "-q", "+U8", file.toString()), null);
        assertThat(dump.exitCode()).as(dump.stderr()).isZero();
        assertThat(dump.stderr()).isEmpty();
        assertThat(dump.stdout()).contains("(0040,e011) UI [2.16.528.1.1007.99.7.1]").contains("Manifest");
    }

    @Test
    void aKeyObjectSelectionOfSomeoneElseIsNotAManifest() {
        DataSet kos = source();
        kos.setString(Tag.SOPClassUID, VR.UI, ManifestBuilder.KEY_OBJECT_SELECTION);
        kos.setString(Tag.Manufacturer, VR.LO, "Zorgbrug");
        assertThat(ManifestBuilder.isManifest(kos)).isFalse();
        assertThat(ManifestBuilder.read(kos)).isEmpty();
    }

    @Test
    void aManifestNeedsInstancesOfItsOwnStudy() {
        assertThatThrownBy(() -> ManifestBuilder.build(source(), new StudyManifest(ManifestUids.ROOT + ".3", STUDY, null,
                null, List.of()), ManifestUids.ROOT + ".4", LocalDateTime.now(), "ZB"))
                .hasMessageContaining("at least one instance");
        assertThatThrownBy(() -> ManifestBuilder.build(source(), new StudyManifest(ManifestUids.ROOT + ".3", "2.25.9", null,
                null, references()), ManifestUids.ROOT + ".4", LocalDateTime.now(), "ZB"))
                .hasMessageContaining("belongs to study " + STUDY);
    }

    @Test
    void uidsAreStableValidAndChangeWithTheInstances() {
        List<String> three = List.of("2.25.1.3", "2.25.1.1", "2.25.1.2");
        String a = ManifestUids.manifest("ZORGBRUG", 12, STUDY, "umcx", null, "x", three);
        assertThat(a).isEqualTo(ManifestUids.manifest("ZORGBRUG", 12, STUDY, "umcx", null, "x",
                List.of("2.25.1.1", "2.25.1.2", "2.25.1.3")));
        assertThat(a).isNotEqualTo(ManifestUids.manifest("ZORGBRUG", 12, STUDY, "umcx", null, "x",
                List.of("2.25.1.1", "2.25.1.2", "2.25.1.3", "2.25.1.4")));
        assertThat(a).isNotEqualTo(ManifestUids.manifest("OTHERNODE", 12, STUDY, "umcx", null, "x", three));
        for (String uid : List.of(a, ManifestUids.series(a))) {
            assertThat(uid.length()).isLessThanOrEqualTo(64);
            assertThat(uid).matches("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
            assertThat(ManifestUids.isOurs(uid)).isTrue();
        }
        assertThat(ManifestUids.isOurs(STUDY)).isFalse();
    }

    @Test
    void valueTypesFollowTheSopClass() {
        assertThat(ManifestBuilder.valueType(CT)).isEqualTo("IMAGE");
        assertThat(ManifestBuilder.valueType("1.2.840.10008.5.1.4.1.1.4")).isEqualTo("IMAGE");
        assertThat(ManifestBuilder.valueType("1.2.840.10008.5.1.4.1.1.481.1")).isEqualTo("IMAGE");
        assertThat(ManifestBuilder.valueType("1.2.840.10008.5.1.4.1.1.481.5")).isEqualTo("COMPOSITE");
        assertThat(ManifestBuilder.valueType(BASIC_TEXT_SR)).isEqualTo("COMPOSITE");
        assertThat(ManifestBuilder.valueType("1.2.840.10008.5.1.4.1.1.11.1")).isEqualTo("COMPOSITE");
        assertThat(ManifestBuilder.valueType("1.2.840.10008.5.1.4.1.1.104.1")).isEqualTo("COMPOSITE");
        assertThat(ManifestBuilder.valueType("1.2.840.10008.5.1.4.1.1.9.1.1")).isEqualTo("WAVEFORM");
    }

    @Test
    void dcmtkAndPydicomReadTheManifest() throws Exception {
        Peers.requireDcmtk();
        Peers.requirePydicom();
        String uid = ManifestUids.manifest("ZORGBRUG", 9, STUDY, "umcx", REMARK, REFERRAL, List.of("x"));
        Path file = write(new StudyManifest(uid, STUDY, REMARK, REFERRAL, references()));

        Peers.Result dump = Peers.run(List.of("dcmdump", "-q", "+U8", file.toString()), null);
        assertThat(dump.exitCode()).as(dump.stderr()).isZero();
        assertThat(dump.stderr()).isEmpty();
        assertThat(dump.stdout()).contains("KeyObjectSelectionDocumentStorage").contains("(0040,a375)")
                .contains("Key Object Description").contains("For Referring Provider").contains("Dijk^Jürgen");

        String script = String.join("\n",
                "import sys, pydicom",
                "ds = pydicom.dcmread(sys.argv[1])",
                "print('class=' + ds.SOPClassUID)",
                "print('name=' + str(ds.PatientName))",
                "texts = [i.TextValue for i in ds.ContentSequence if i.ValueType == 'TEXT']",
                "print('text=' + texts[0].replace('\\r\\n', ' | '))",
                "refs = [s.ReferencedSOPInstanceUID for st in ds.CurrentRequestedProcedureEvidenceSequence"
                        + " for se in st.ReferencedSeriesSequence for s in se.ReferencedSOPSequence]",
                "print('refs=' + ','.join(refs))",
                "print('title=' + ds.ConceptNameCodeSequence[0].CodeMeaning)");
        Peers.Result py = Peers.run(List.of(Peers.PYTHON, "-c", script, file.toString()), null);
        assertThat(py.exitCode()).as(py.stderr()).isZero();
        assertThat(py.stdout())
                .contains("class=" + ManifestBuilder.KEY_OBJECT_SELECTION)
                .contains("name=Dijk^Jürgen")
                .contains("text=Verwijsreden / Referral reason: " + REFERRAL + " | Opmerking / Remark: " + REMARK)
                .contains("refs=" + STUDY + ".1.1," + STUDY + ".1.2," + STUDY + ".2.1," + STUDY + ".3.1")
                .contains("title=For Referring Provider");
    }
}

package nl.zorgbrug.registry.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.registry.TestSubmissions;

/**
 * A timeline row's report read for a person: text as text, a PDF as the PDF, an SR or Encapsulated PDF a source
 * registered as DICOM read from its content; a repository that cannot be reached or refuses says so with its words.
 */
class ReportReadingTest {
    static final String REPOSITORY = "2.16.528.1.1007.99.8.1";
    static final String SR = "1.2.840.10008.5.1.4.1.1.88.11";

    @Test
    void textPdfAndAnSrRegisteredAsDicomAreReadable() throws Exception {
        byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        Map<String, byte[]> repository = Map.of("2.25.1", "Geen afwijkingen.\n".getBytes(StandardCharsets.UTF_8),
                "2.25.2", pdf, "2.25.3", sr("2.25.30", "Longen vrij; geen consolidaties."));
        ReportReading reading = new ReportReading((repo, home, uid) -> repository.get(uid));

        assertThat(reading.read(report("2.25.1", "text/plain"))).isEqualTo(new ReportReading.Read.Text(
                "Geen afwijkingen.\n"));
        assertThat(reading.read(report("2.25.2", "application/pdf"))).isInstanceOfSatisfying(
                ReportReading.Read.Pdf.class, p -> assertThat(p.bytes()).isEqualTo(pdf));
        assertThat(reading.read(report("2.25.3", "application/dicom"))).isInstanceOfSatisfying(
                ReportReading.Read.Text.class, t -> assertThat(t.text()).contains("Longen vrij; geen consolidaties."));
        assertThat(reading.read(report("2.25.1", "text/xml"))).isInstanceOfSatisfying(
                ReportReading.Read.NotReadable.class, n -> assertThat(n.reason()).contains("text/xml"));
    }

    @Test
    void aRepositoryThatCannotBeReachedOrRefusesIsSaidNotAnEmptyReport() {
        ReportReading down = new ReportReading((repo, home, uid) -> {
            throw new ConnectException("Connection refused");
        });
        assertThat(down.read(report("2.25.1", "text/plain"))).isInstanceOfSatisfying(
                ReportReading.Read.Unavailable.class, u -> assertThat(u.reason()).contains("2.25.1")
                        .contains(REPOSITORY).contains("Connection refused"));
        ReportReading refused = new ReportReading((repo, home, uid) -> {
            throw new IOException("the repository did not give it: XDSRepositoryError NO_CONSENT: no consent");
        });
        assertThat(refused.read(report("2.25.1", "text/plain"))).isInstanceOfSatisfying(
                ReportReading.Read.Unavailable.class, u -> assertThat(u.reason()).contains("NO_CONSENT"));
    }

    private static IndexedDocument report(String uid, String mimeType) {
        return new IndexedDocument(uid, REPOSITORY, null, mimeType, "Verslag", "PAT-1", "2.16.528.1.1007.99.1");
    }

    /** A Basic Text SR with one finding, as PS3.10 bytes. */
    private static byte[] sr(String study, String text) throws IOException {
        DataSet ds = TestSubmissions.ownPacsHead(study, ".2", ".2.1", SR, "SR", "PAT-1", "2.16.528.1.1007.99.1");
        ds.setString(Tag.ValueType, VR.CS, "CONTAINER");
        DataSet title = DataSet.itemOf(ds);
        title.setString(Tag.CodeValue, VR.SH, "18748-4");
        title.setString(Tag.CodingSchemeDesignator, VR.SH, "LN");
        title.setString(Tag.CodeMeaning, VR.LO, "Verslag CT thorax");
        ds.setSequence(Tag.ConceptNameCodeSequence, List.of(title));
        DataSet item = DataSet.itemOf(ds);
        item.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
        item.setString(Tag.ValueType, VR.CS, "TEXT");
        DataSet finding = DataSet.itemOf(item);
        finding.setString(Tag.CodeValue, VR.SH, "121071");
        finding.setString(Tag.CodingSchemeDesignator, VR.SH, "DCM");
        finding.setString(Tag.CodeMeaning, VR.LO, "Finding");
        item.setSequence(Tag.ConceptNameCodeSequence, List.of(finding));
        item.setString(Tag.TextValue, VR.UT, text);
        ds.setSequence(Tag.ContentSequence, List.of(item));
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(SR, study + ".2.1", ts, "SOURCE"), ds, ts,
                true), out);
        return out.toByteArray();
    }
}

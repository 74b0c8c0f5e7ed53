package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;

/**
 * The node as it starts after a power cut that took the database's last commits: an object is complete in the
 * export route's spool, but no job knows it. The node admits it again at start, so it is in a job (and will be
 * delivered), not forgotten in the spool.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpoolReadmissionNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String STUDY = "2.25.9201";

    @LocalServerPort
    int httpPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        Path dir = Files.createTempDirectory("zorgbrug-readmission");
        TestNode.properties(r, dir, "readmission", LOCAL_ISSUER, "1h");
        // What the spool holds when the node starts (its layout: spool/routes/ROUTE/STUDY/SOP.dcm).
        Path file = Files.createDirectories(dir.resolve("data/spool/routes/export-umcx").resolve(STUDY))
                .resolve(STUDY + ".1.dcm");
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, STUDY + ".1");
        ds.setString(Tag.AccessionNumber, VR.SH, "READMIT1");
        ds.setString(Tag.PatientName, VR.PN, "Vries^Ëlla");
        ds.setString(Tag.PatientID, VR.LO, "PAT-0042");
        ds.setString(Tag.IssuerOfPatientID, VR.LO, LOCAL_ISSUER);
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".0");
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", STUDY + ".1", ts,
                "OWNPACS"), ds, ts, true), file);
    }

    @Test
    void anObjectTheDatabaseForgotIsInAJobAfterTheStart() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        JsonNode jobs = json.readTree(TestNode.call(http, httpPort, "GET", "/api/jobs?accessionNumber=READMIT1", null, null).body());
        assertThat(jobs.size()).as("jobs: " + jobs).isEqualTo(1);
        JsonNode job = jobs.get(0);
        assertThat(job.get("studyInstanceUid").asText()).isEqualTo(STUDY);
        assertThat(job.get("direction").asText()).isEqualTo("EXPORT");
        JsonNode detail = json.readTree(TestNode.call(http, httpPort, "GET", "/api/jobs/" + job.get("id").asText(), null,
                null).body());
        assertThat(detail.get("instances").get(0).get("sopInstanceUid").asText()).isEqualTo(STUDY + ".1");
    }
}

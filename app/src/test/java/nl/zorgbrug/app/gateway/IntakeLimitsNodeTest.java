package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.inbound.HeadCheck;
import nl.zorgbrug.gateway.inbound.Intake;

/**
 * Issue 15, blocker 3, on the node as it runs: a Patient ID over 64 characters or a Patient Name over 200 failed
 * the database insert (0x0110 with an exception name as Error Comment), left the file in the spool without a
 * job, and the next start failed on it: a crash loop under a supervisor. Now the node starts with such files in
 * its spool (one it keeps, one beyond what it keeps, which goes onto the quarantine worklist with the reason),
 * takes long values over the network, refuses one beyond what it keeps with 0xA900 naming the tag and the length,
 * and no log line holds the patient's name or ID.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IntakeLimitsNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String STUDY = "2.25.9301";
    static final String FAMILY = "Bakker-Oudshoorn";
    static final String GIVEN = "Anouk";
    /** Over LO's 64 characters, as real senders send, within what the node keeps. */
    static final String LONG_ID = "PAT-" + "4".repeat(96);
    /** Beyond what the node keeps. */
    static final String TOO_LONG_ID = "PAT-" + "5".repeat(HeadCheck.MAX_STORED_CHARACTERS);
    /** Over the old column's 200 characters (PN: 64 per component group, three groups). */
    static final String LONG_NAME = FAMILY + "^" + GIVEN + "^^^=" + "Y".repeat(64) + "^" + "Z".repeat(60) + "="
            + "W".repeat(64) + "^" + "V".repeat(30);
    static Path dir;

    @LocalServerPort
    int httpPort;

    @org.springframework.beans.factory.annotation.Autowired
    nl.zorgbrug.dicom.net.assoc.Acceptor acceptor;

    static Path object(Path target, String study, String sop, String patientName, String patientId, String accession)
            throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, CT);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.AccessionNumber, VR.SH, accession);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, patientName);
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, LOCAL_ISSUER);
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".0");
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Files.createDirectories(target.getParent());
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create(CT, sop, ts, "OWNPACS"), ds, ts, true),
                target);
        return target;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        dir = Files.createTempDirectory("zorgbrug-intake-limits");
        TestNode.properties(r, dir, "intakelimits", LOCAL_ISSUER, "1h");
        // What the spool holds when the node starts, and no job knows (its layout: spool/routes/ROUTE/STUDY/SOP.dcm).
        Path study = dir.resolve("data/spool/routes/export-umcx").resolve(STUDY);
        object(study.resolve(STUDY + ".1.dcm"), STUDY, STUDY + ".1", LONG_NAME, LONG_ID, "READMIT-LONG");
        object(study.resolve(STUDY + ".2.dcm"), STUDY, STUDY + ".2", LONG_NAME, TOO_LONG_ID, "READMIT-TOOLONG");
    }

    @Test
    void theNodeStartsKeepsLongValuesRefusesTooLongOnesAndLogsNoPatient(CapturedOutput log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();

        // The start admitted the one it keeps, and put the other on the quarantine worklist with the reason.
        JsonNode jobs = json.readTree(TestNode.call(http, httpPort, "GET", "/api/jobs?accessionNumber=READMIT-LONG",
                null, null).body());
        assertThat(jobs.size()).as("jobs: " + jobs).isEqualTo(1);
        JsonNode quarantined = json.readTree(TestNode.call(http, httpPort, "GET", "/api/quarantine", null, null)
                .body()).get(STUDY);
        assertThat(quarantined).as("quarantine").isNotNull().hasSize(1);
        assertThat(quarantined.get(0).get("sopInstanceUid").asText()).isEqualTo(STUDY + ".2");
        assertThat(quarantined.get(0).get("reasonCode").asText()).isEqualTo(Intake.NOT_READMITTED);
        assertThat(quarantined.get(0).get("messageEn").asText()).contains("(0010,0020)")
                .contains(Integer.toString(TOO_LONG_ID.length()));

        // Over the network: long values are taken, a value beyond what the node keeps is refused with the reason.
        Path in = dir.resolve("in");
        Path longOne = object(in.resolve("long.dcm"), "2.25.9302", "2.25.9302.1", LONG_NAME, LONG_ID,
                "ACC-" + "7".repeat(40));
        Path tooLong = object(in.resolve("too-long.dcm"), "2.25.9302", "2.25.9302.2", LONG_NAME, TOO_LONG_ID,
                "ACC-9302");
        List<StoreScu.Outcome> sent = StoreScu.send(new Connector(AssociationOptions.DEFAULT), "MODALITY7",
                "ZB_EXPORT", "127.0.0.1", acceptor.port(), List.of(longOne, tooLong), (o, d, t) -> { });
        assertThat(sent.get(0).status().code()).as(sent.get(0).toString()).isZero();
        assertThat(sent.get(1).status().code()).as(sent.get(1).toString()).isEqualTo(0xA900);
        assertThat(sent.get(1).status().errorComment()).contains("(0010,0020)")
                .contains(Integer.toString(TOO_LONG_ID.length())).doesNotContain("Exception");
        assertThat(dir.resolve("data/spool/routes/export-umcx/2.25.9302/2.25.9302.2.dcm")).doesNotExist();

        assertThat(log.getAll()).contains("MODALITY7").contains("0xA900").contains(STUDY + ".2")
                .doesNotContain(FAMILY).doesNotContain(GIVEN).doesNotContain("PAT-4444").doesNotContain("PAT-5555");
    }
}

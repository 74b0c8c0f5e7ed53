package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.quarantine.QuarantineState;

/**
 * The quarantine worklist as an administrator meets it (issue 15): one row per study with what identifies it,
 * local time to the second in the configured zone, both languages, the actions only for roles that may use
 * them, and a rejection that needs a reason and keeps it with the user.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuarantineWebTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String ZONE = "Asia/Tokyo";
    static final Path dir = ConsoleBrowserTest.tempDir();

    @BeforeAll
    static void peers() {
        Dcmtk.require();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        TestNode.basics(r, dir, "quarantineweb", LOCAL_ISSUER, "200ms");
        r.add("zorgbrug.users[0].name", () -> "olga");
        r.add("zorgbrug.users[0].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[0].roles", () -> "OPERATOR");
        r.add("zorgbrug.users[1].name", () -> "anna");
        r.add("zorgbrug.users[1].password", () -> "{noop}auditor-test");
        r.add("zorgbrug.users[1].roles", () -> "AUDITOR");
        r.add("zorgbrug.console.time-zone", () -> ZONE);
        TestNode.route(r, 0, "import", "ZB_IMPORT", "IMPORT", "ownpacs");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    Acceptor dicom;

    @Autowired
    QuarantineRepository quarantine;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> send(String method, String path, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Images of one MR study whose BSN comes without its issuer: the import route quarantines them. */
    static List<Path> study(Path dir, String study, int images) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= images; n++) {
            DataSet ds = new DataSet();
            ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
            ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.4");
            ds.setString(Tag.SOPInstanceUID, VR.UI, study + "." + n);
            ds.setString(Tag.StudyDate, VR.DA, "20261125");
            ds.setString(Tag.AccessionNumber, VR.SH, "ACC-" + study.substring(study.length() - 3));
            ds.setString(Tag.Modality, VR.CS, "MR");
            ds.setString(Tag.StudyDescription, VR.LO, "MRI knie links");
            ds.setString(Tag.PatientName, VR.PN, "Dijk^Jürgen");
            ds.setString(Tag.PatientID, VR.LO, "999911120");
            ds.setString(Tag.StudyInstanceUID, VR.UI, study);
            ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".0");
            ds.setBytes(Tag.PixelData, VR.OW, new byte[16 * 16 * 2]);
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            Path file = dir.resolve(study + "." + n + ".dcm");
            Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.4",
                    study + "." + n, ts, "T"), ds, ts, true), file);
            files.add(file);
        }
        return files;
    }

    @Test
    void oneRowPerStudyInLocalTimeWithActionsOnlyForOperatorsAndARejectionThatKeepsItsReason() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        assertThat(Dcmtk.storescu("MODALITY1", "ZB_IMPORT", dicom.port(), study(in, "2.25.777123", 3))).isZero();
        List<QuarantineItem> items = quarantine.byStudy("2.25.777123");
        assertThat(items).hasSize(3);
        QuarantineItem first = items.get(0);
        String localReceived = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(first.received().atZone(ZoneId.of(ZONE)));

        // An auditor sees the study in one row, in words, and no buttons to act with.
        String en = send("GET", "/quarantine?lang=en", "anna", "auditor-test").body();
        assertThat(en).contains("ACC-123").contains("MR").contains("MRI knie links").contains("2026-11-25")
                .contains("MODALITY1").contains("<td class=\"images\">3</td>").contains(localReceived)
                .contains("*****1120").contains("Images").contains("Study date")
                .doesNotContain("999911120").doesNotContain("2.25.777123.1<").doesNotContain("Link or reject");
        assertThat(en.split("<tr id=\"study-", -1)).hasSize(2);
        // An operator sees the action, in Dutch without English labels.
        String nl = send("GET", "/quarantine?lang=nl", "olga", "operator-test").body();
        assertThat(nl).contains("Koppelen of afwijzen").contains("Beelden").contains("Onderzoeksdatum")
                .doesNotContain(">Images<").doesNotContain(">Study date<").doesNotContain(">Received<");
        // The confirmation step names what goes and asks why.
        String confirm = send("GET", "/quarantine/reject?study=2.25.777123&lang=en", "olga", "operator-test").body();
        assertThat(confirm).contains("Reject 3 images of Dijk^Jürgen (accession number ACC-123, study date 2026-11-25)")
                .contains("name=\"reason\"").contains("required");

        // A rejection needs a reason, and may only be done by those who may act.
        assertThat(send("POST", "/api/quarantine/2.25.777123/reject", "olga", "operator-test").statusCode())
                .isEqualTo(400);
        assertThat(send("POST", "/api/quarantine/2.25.777123/reject?reason=%20", "olga", "operator-test")
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/quarantine/2.25.777123/reject?reason=wrong%20hospital", "anna",
                "auditor-test").statusCode()).isEqualTo(403);
        assertThat(quarantine.countOpen()).isEqualTo(3);
        HttpResponse<String> rejected = send("POST", "/api/quarantine/2.25.777123/reject?reason=wrong%20hospital",
                "olga", "operator-test");
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(rejected.body()).contains("\"rejected\":3");
        assertThat(quarantine.byStudy("2.25.777123")).allSatisfy(i -> {
            assertThat(i.state()).isEqualTo(QuarantineState.REJECTED);
            assertThat(i.decidedBy()).isEqualTo("olga");
            assertThat(i.decisionReason()).isEqualTo("wrong hospital");
        });
    }
}

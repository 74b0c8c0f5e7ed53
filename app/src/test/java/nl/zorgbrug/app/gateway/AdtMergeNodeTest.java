package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import nl.zorgbrug.app.mpi.TestBsns;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.e2e.Dcmtk;
import nl.zorgbrug.gateway.quarantine.QuarantineDesk;
import nl.zorgbrug.hl7.mllp.MllpServer;

/**
 * A40 merges that free studies waiting for the patient, through the whole node between dcmtk peers (issue 16):
 * <ul>
 *   <li>The first bulk load (the CSV export) held one person twice, PAT-NEW and PAT-OLD with the same BSN: the MPI
 *       error a merge in the EPD corrects. A study from another hospital for that BSN arrives with dcmtk's storescu and
 *       is held (two local patients carry the BSN, AMBIGUOUS_MPI_PATIENT). The EPD merges PAT-OLD into PAT-NEW over
 *       MLLP; the re-check after the merge releases the held import and dcmtk's storescp, our PACS, receives the study
 *       under PAT-NEW, without a person. (Had the feed registered the duplicate, it would have marked it conflicted,
 *       and the merge would carry that conflict to the survivor: only a person clears it.)</li>
 *   <li>A study for a BSN no local patient carries waits, open, in the quarantine (NO_LOCAL_PATIENT). The EPD merges
 *       a registration without BSN into a record with that BSN; the re-check finds the patient and says so on the
 *       entry (PATIENT_FOUND_IN_MPI), and the operator's link imports it under the survivor. The node never imports
 *       an entry out of quarantine by itself (issue 4: a person links it).</li>
 * </ul>
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdtMergeNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static Path dir;
    static Process pacs;
    static int pacsPort;

    @BeforeAll
    static void peers() throws IOException {
        Dcmtk.require();
        dir = Files.createTempDirectory("zorgbrug-adt-merge-node");
        pacsPort = Dcmtk.freePort();
        pacs = Dcmtk.storescp("OWNPACS", pacsPort, Files.createDirectories(dir.resolve("pacs")), dir.resolve("p.log"));
    }

    @AfterAll
    static void stopPeers() {
        if (pacs != null) {
            pacs.destroy();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("zorgbrug-adt-merge-node");
        }
        TestNode.properties(r, dir, "adtmergenode", LOCAL_ISSUER, "300ms");
        r.add("zorgbrug.adt.port", () -> "0");
        r.add("zorgbrug.adt.bind", () -> "127.0.0.1");
        r.add("zorgbrug.adt.allowed-hosts[0]", () -> "127.0.0.1");
        r.add("zorgbrug.adt.local-authority", () -> "ZHVB");
        r.add("zorgbrug.adt.recheck-interval", () -> "100ms");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    Acceptor dicom;

    @Autowired
    MllpServer listener;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> call(String method, String path) throws Exception {
        return TestNode.call(http, httpPort, method, path, null, null);
    }

    @Test
    void aMergeReleasesAHeldImportAndFindsThePatientOfAQuarantinedOne() throws Exception {
        List<String> bsns = TestBsns.first(14).subList(11, 13);
        TestNode.call(http, httpPort, "PUT", "/api/institutions/ownpacs", "application/json", "{\"key\":\"ownpacs\","
                + "\"name\":\"Eigen PACS\",\"aeTitle\":\"OWNPACS\",\"host\":\"127.0.0.1\",\"port\":" + pacsPort
                + ",\"tls\":false}");
        Path in = Files.createDirectories(dir.resolve("in"));
        try (HapiContext hapi = new DefaultHapiContext()) {
            hapi.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            Connection c = hapi.newClient("127.0.0.1", listener.port(), false);
            TestNode.call(http, httpPort, "POST", "/api/mpi/import", "text/csv", "local_id,local_issuer,bsn,bsn_status,"
                    + "family_name,given_name,birth_date,sex\nPAT-NEW," + LOCAL_ISSUER + "," + bsns.get(0)
                    + ",verified+validated,Jansen,Olga,19650302,F\nPAT-OLD," + LOCAL_ISSUER + "," + bsns.get(0)
                    + ",verified+validated,Jansen,Olga,19650302,F\n");
            assertThat(send(hapi, c, adt("A04", "PAT-TMP", null))).isEqualTo("AA");

            assertThat(Dcmtk.storescu("REMOTE", "ZB_IMPORT", dicom.port(),
                    List.of(ct(in, bsns.get(0), "2.25.1616001")))).isZero();
            JsonNode held = awaitJob("direction=IMPORT&state=HELD");
            assertThat(held.get("reason").asText()).startsWith("AMBIGUOUS_MPI_PATIENT");
            assertThat(Dcmtk.storescu("REMOTE", "ZB_IMPORT", dicom.port(),
                    List.of(ct(in, bsns.get(1), "2.25.1616002")))).isZero();
            assertThat(reason("2.25.1616002")).isEqualTo("NO_LOCAL_PATIENT");
            assertThat(files(dir.resolve("pacs"))).isEmpty();

            assertThat(send(hapi, c, adt("A40", "PAT-NEW", bsns.get(0)) + "MRG|PAT-OLD^^^ZHVB^PI\r")).isEqualTo("AA");
            assertThat(send(hapi, c, adt("A40", "PAT-NEW2", bsns.get(1)) + "MRG|PAT-TMP^^^ZHVB^PI\r"))
                    .isEqualTo("AA");
            c.close();
        }
        // The held import: released by the re-check, delivered under the survivor.
        long until = System.nanoTime() + 30_000_000_000L;
        while (files(dir.resolve("pacs")).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        List<Path> atPacs = files(dir.resolve("pacs"));
        assertThat(atPacs).hasSize(1);
        DataSet imported = Part10Reader.read(atPacs.get(0)).dataSet();
        assertThat(imported.getString(Tag.StudyInstanceUID)).isEqualTo("2.25.1616001");
        assertThat(imported.getString(Tag.PatientID)).isEqualTo("PAT-NEW");
        assertThat(imported.getString(Tag.IssuerOfPatientID)).isEqualTo(LOCAL_ISSUER);

        // The quarantined one: found, not imported until a person links it.
        until = System.nanoTime() + 15_000_000_000L;
        while (!QuarantineDesk.PATIENT_FOUND.equals(reason("2.25.1616002")) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(reason("2.25.1616002")).as("the re-check after the merge").isEqualTo(QuarantineDesk.PATIENT_FOUND);
        assertThat(files(dir.resolve("pacs"))).hasSize(1);
        call("POST", "/api/quarantine/2.25.1616002/link?localId=PAT-NEW2");
        until = System.nanoTime() + 30_000_000_000L;
        while (files(dir.resolve("pacs")).size() < 2 && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(files(dir.resolve("pacs"))).hasSize(2);
        assertThat(files(dir.resolve("pacs")).stream().map(f -> {
            try {
                DataSet d = Part10Reader.read(f).dataSet();
                return d.getString(Tag.StudyInstanceUID) + " " + d.getString(Tag.PatientID);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).contains("2.25.1616002 PAT-NEW2");
        assertThat(json.readTree(call("GET", "/api/quarantine").body()).has("2.25.1616002")).isFalse();
    }

    private JsonNode awaitJob(String query) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode jobs = json.readTree(call("GET", "/api/jobs?" + query).body());
            if (jobs.size() > 0) {
                return jobs.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no job for " + query);
    }

    /** The reason of the open quarantine entry of the study; null when there is none. */
    private String reason(String study) throws Exception {
        JsonNode q = json.readTree(call("GET", "/api/quarantine").body());
        return q.has(study) ? q.get(study).get(0).get("reasonCode").asText() : null;
    }

    private static String send(HapiContext hapi, Connection c, String text) throws Exception {
        Message response = c.getInitiator().sendAndReceive(hapi.getPipeParser().parse(text));
        return new Terser(response).get("/MSA-1");
    }

    private static String adt(String event, String localId, String bsn) {
        return "MSH|^~\\&|HIX|ZHVB|ZORGBRUG|ZHVB|20261206100000||ADT^" + event + "|" + event + localId
                + System.nanoTime() + "|P|2.5.1\rEVN|" + event + "|20261206100000\r"
                + "PID|1||" + localId + "^^^ZHVB^PI" + (bsn == null ? "" : "~" + bsn + "^^^NLMINBIZA^NNNLD")
                + "||Jansen^Olga^^^^^L||19650302|F" + (bsn == null ? "" : "|".repeat(24) + "verified+validated") + "\r";
    }

    /** A CT image from another hospital: the BSN as Patient ID with the BSN issuer, as an export of a node writes. */
    static Path ct(Path dir, String bsn, String study) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.SOPInstanceUID, VR.UI, study + ".1");
        ds.setString(Tag.StudyDate, VR.DA, "20261206");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-" + study.substring(study.length() - 3));
        ds.setString(Tag.PatientName, VR.PN, "Jansen^Olga");
        ds.setString(Tag.PatientID, VR.LO, bsn);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, Bsn.ISSUER_OID);
        ds.setString(Tag.PatientBirthDate, VR.DA, "19650302");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study + ".0");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[32 * 32 * 2]);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path file = dir.resolve(study + ".dcm");
        Part10Writer.write(new DicomFile(null, FileMetaInformation.create("1.2.840.10008.5.1.4.1.1.2", study + ".1",
                ts, "T"), ds, ts, true), file);
        return file;
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}

package nl.zorgbrug.app.gateway;

import nl.zorgbrug.gateway.e2e.Dcmtk;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.app.jobs.JdbcJobRepository;
import nl.zorgbrug.app.mpi.JdbcMasterPatientIndex;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;

/**
 * DICOMweb both ways: an export is delivered by STOW-RS (here to this node's own STOW-RS endpoint, as if
 * to another hospital's Zorgbrug), comes in through the import route, and reaches our PACS (storescp)
 * with the local ID back. Also: a bad part is answered in the Failed SOP Sequence.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StowRsTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final Path dir = ConsoleBrowserTest.tempDir();
    static Process pacs;
    static int pacsPort;

    @BeforeAll
    static void peers() throws IOException {
        Dcmtk.require();
        pacsPort = Dcmtk.freePort();
        pacs = Dcmtk.storescp("OWNPACS", pacsPort, Files.createDirectories(dir.resolve("pacs")), dir.resolve("p.log"));
    }

    @AfterAll
    static void stop() {
        if (pacs != null) {
            pacs.destroy();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        TestNode.basics(r, dir, "stow", LOCAL_ISSUER, "200ms");
        r.add("zorgbrug.users[0].name", () -> "peer");
        r.add("zorgbrug.users[0].password", () -> "{noop}stow-test");
        r.add("zorgbrug.users[0].roles", () -> "SENDER");
        TestNode.route(r, 0, "export", "ZB_EXPORT", "EXPORT", "peer-node");
        TestNode.route(r, 1, "import", "ZB_IMPORT", "IMPORT", "ownpacs");
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    Acceptor dicom;

    @Autowired
    AddressBook book;

    @Autowired
    JdbcMasterPatientIndex mpi;

    @Autowired
    JdbcJobRepository jobs;

    @Test
    void exportByStowRsAndImportFromStowRs() throws Exception {
        mpi.save(new MpiPatient("PAT-77", LOCAL_ISSUER, Bsn.parse("999911120"), BsnStatus.VALIDATED, "Dijk", "Jürgen",
                "19811231", "M"));
        book.save(new Institution("peer-node", "Zorgbrug van UMC X", null, null, null, null, null, 0, false,
                "http://peer:stow-test@127.0.0.1:" + httpPort + "/dicomweb/import", null, null));
        book.save(new Institution("ownpacs", "Eigen PACS", null, null, LOCAL_ISSUER, "OWNPACS", "127.0.0.1", pacsPort,
                false, null, null, null));
        Path in = Files.createDirectories(dir.resolve("in"));
        assertThat(Dcmtk.storescu("MODALITY", "ZB_EXPORT", dicom.port(),
                List.of(GatewayNodeTest.ct(in, "PAT-77", LOCAL_ISSUER, "2.25.666001")))).isZero();

        long deadline = System.currentTimeMillis() + 30_000;
        List<Path> atPacs = List.of();
        while (atPacs.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            try (Stream<Path> s = Files.list(dir.resolve("pacs"))) {
                atPacs = s.filter(p -> p.toString().endsWith(".dcm")).toList();
            }
        }
        assertThat(atPacs).as("jobs: " + jobs.search(JobQuery.lastTwoWeeks(java.time.Instant.now().plusSeconds(1))))
                .hasSize(1);
        DataSet ds = Part10Reader.read(atPacs.get(0)).dataSet();
        assertThat(ds.getString(Tag.PatientID)).isEqualTo("PAT-77");
        assertThat(ds.getSequence(Tag.OtherPatientIDsSequence)).anyMatch(i -> "999911120".equals(i.getString(Tag.PatientID)));
        assertThat(jobs.search(JobQuery.lastTwoWeeks(java.time.Instant.now().plusSeconds(1))))
                .filteredOn(j -> j.state() == JobState.DONE).hasSize(2);
    }

    @Test
    void aPartThatIsNotDicomIsReportedInTheFailedSopSequence() throws Exception {
        String boundary = "xyz";
        String body = "--xyz\r\nContent-Type: application/dicom\r\n\r\nthis is not DICOM\r\n--xyz--\r\n";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/dicomweb/import/studies"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("peer:stow-test".getBytes()))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("\"00081198\"").contains("\"00081197\"");
    }
}

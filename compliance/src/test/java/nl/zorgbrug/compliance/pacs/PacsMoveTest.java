package nl.zorgbrug.compliance.pacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.compliance.ScanCorpus;
import nl.zorgbrug.compliance.VerdictCorpus;
import nl.zorgbrug.compliance.scan.Scans;
import nl.zorgbrug.compliance.scan.Throttle;
import nl.zorgbrug.compliance.tally.ComplianceTally;
import nl.zorgbrug.compliance.tally.Fix;
import nl.zorgbrug.compliance.tally.ScanSummary;
import nl.zorgbrug.compliance.tally.StudyPeriod;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.FileMetaInformation;
import nl.zorgbrug.dicom.io.Part10Writer;
import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.Peers;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.RemoteAe;

/**
 * C-MOVE as the PACS scan's fallback when the PACS does not take C-GET (issue 18). Two Orthancs started by the test,
 * loaded with the corpus of every verdict: one that knows our AE title with host and port in "DicomModalities" but
 * with "AllowGet": false (Orthanc 1.10's per-modality permission; it accepts the C-GET context and aborts the
 * association at the C-GET request), and one that lets any AE title query and retrieve but does not know ours, so it
 * cannot send to us. And a small PACS of our own that answers C-MOVE with 0xA801, move destination unknown.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PacsMoveTest {
    static final String OUR_AET = "ZBSCAN";
    static Path dir;
    static OrthancPeer knowsUsNoGet;
    static OrthancPeer strangerToUs;
    static int movePort;
    static CsvMasterPatientIndex mpi;

    @BeforeAll
    static void loadOrthancs() throws Exception {
        dir = Files.createTempDirectory("compliance-move");
        movePort = Peers.freePort();
        Path a = Files.createDirectories(dir.resolve("a"));
        knowsUsNoGet = OrthancPeer.start(a, Map.of("zb", new OrthancPeer.Modality(OUR_AET, movePort)),
                OrthancPeer.Access.AS_INSTALLED);
        // Orthanc's object form of a modality (orthanc.json, "DicomModalities"): the same entry with C-GET refused.
        // Put over the REST API, which replaces the entry in the running configuration.
        assertThat(put(knowsUsNoGet, "/modalities/zb", "{\"AET\": \"" + OUR_AET + "\", \"Host\": \"127.0.0.1\","
                + " \"Port\": " + movePort + ", \"AllowGet\": false}")).isEqualTo(200);
        assertThat(knowsUsNoGet.get("/modalities/zb/configuration").body()).contains("\"AllowGet\" : false");
        strangerToUs = OrthancPeer.start(Files.createDirectories(dir.resolve("b")), Map.of(),
                OrthancPeer.Access.ANY_CALLER);
        for (DataSet ds : ScanCorpus.headers()) {
            TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
            DataSet meta = FileMetaInformation.create(VerdictCorpus.CT, ds.getString(Tag.SOPInstanceUID), ts, "TEST");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Part10Writer.write(new DicomFile(null, meta, ds, ts, true), out);
            for (OrthancPeer o : new OrthancPeer[] {knowsUsNoGet, strangerToUs}) {
                assertThat(o.postBytes("/instances", out.toByteArray()).statusCode()).isEqualTo(200);
            }
        }
        mpi = CsvMasterPatientIndex.load(ScanCorpus.mpi(dir.resolve("mpi.csv")));
    }

    /** HTTP PUT to Orthanc's REST API (the peer's own client has GET and POST; its base is the DICOMweb root's). */
    private static int put(OrthancPeer orthanc, String path, String json) throws Exception {
        String base = orthanc.dicomWebRoot().substring(0, orthanc.dicomWebRoot().length() - "/dicom-web".length());
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + path)).PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @AfterAll
    static void stop() {
        for (OrthancPeer o : new OrthancPeer[] {knowsUsNoGet, strangerToUs}) {
            if (o != null) {
                o.close();
            }
        }
    }

    private static PacsScan scan(String pacsAet, int port, String aet, Path journal, Retrieval retrieve,
                                 RetrieveWith with) {
        PacsScan.Settings s = new PacsScan.Settings(new RemoteAe(pacsAet, "127.0.0.1", port, aet), StudyPeriod.ALL,
                1, Throttle.none(), ScanWindow.ALWAYS, 3, Duration.ofMillis(50), retrieve, with,
                new MoveDestination(aet, InetAddress.getLoopbackAddress(), movePort), journal);
        return new PacsScan(s, new Connector(AssociationOptions.DEFAULT.withResponseTimeout(20_000)),
                Scans.classifier(mpi), p -> { }, Clock.systemDefaultZone());
    }

    /** The storage SCP is gone when the scan ends: its port can be bound again. */
    private static void assertMovePortFree() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), movePort));
        }
    }

    @Test
    void aPacsThatRefusesCGetIsScannedWithCMoveAndCountsEveryVerdictExactly(@TempDir Path tmp) throws Exception {
        PacsScan.Result r = scan(OrthancPeer.AET, knowsUsNoGet.dicomPort(), OUR_AET, tmp.resolve("j"),
                Retrieval.WHEN_KEYS_MISSING, RetrieveWith.AUTO).run(new ComplianceTally());
        ScanSummary s = r.tally().summary(Scans.mpiBsn(mpi));

        assertThat(s.studiesByVerdict()).isEqualTo(PacsScanTest.STUDIES);
        assertThat(s.remediationByFix()).containsOnly(Map.entry(Fix.EXPORT_SWAP, 3L), Map.entry(Fix.PERSON, 7L));
        assertThat(s.unreadable()).isEmpty();
        assertThat(r.retrievedWith()).isEqualTo(RetrieveWith.MOVE);
        assertThat(r.moveReason()).contains("aborted the association at our first C-GET");
        assertThat((long) r.retrievedHeaders()).as("Orthanc leaves the identity keys out").isEqualTo(r.studies());
        assertThat(Files.exists(tmp.resolve("j"))).isFalse();
        assertMovePortFree();
    }

    @Test
    void cMoveAskedForByNameFetchesEveryStudysInstance(@TempDir Path tmp) throws Exception {
        PacsScan.Result r = scan(OrthancPeer.AET, knowsUsNoGet.dicomPort(), OUR_AET, tmp.resolve("j"),
                Retrieval.ALWAYS, RetrieveWith.MOVE).run(new ComplianceTally());

        assertThat(r.tally().summary(Scans.mpiBsn(mpi)).studiesByVerdict()).isEqualTo(PacsScanTest.STUDIES);
        assertThat(r.retrievedWith()).isEqualTo(RetrieveWith.MOVE);
        assertThat(r.moveReason()).isEqualTo("--retrieve-with MOVE");
        assertMovePortFree();
    }

    @Test
    void cGetAskedForByNameFromAPacsThatRefusesItStopsWithWhatToDo(@TempDir Path tmp) {
        assertThatThrownBy(() -> scan(OrthancPeer.AET, knowsUsNoGet.dicomPort(), OUR_AET, tmp.resolve("j"),
                Retrieval.WHEN_KEYS_MISSING, RetrieveWith.GET).run(new ComplianceTally()))
                .isInstanceOf(PacsRefusedException.class)
                .hasMessageContaining("aborted the association at our C-GET")
                .hasMessageContaining("--retrieve-with MOVE");
    }

    @Test
    void aPacsThatDoesNotKnowOurAeTitleAsDestinationStopsAtTheFirstMoveWithWhatToRegister(@TempDir Path tmp)
            throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> scan(OrthancPeer.AET, strangerToUs.dicomPort(), OUR_AET, tmp.resolve("j"),
                Retrieval.WHEN_KEYS_MISSING, RetrieveWith.MOVE).run(new ComplianceTally()))
                .isInstanceOf(PacsRefusedException.class)
                .hasMessageContaining("answered our first C-MOVE (to AE title " + OUR_AET + ") with Failure 0xC000")
                .hasMessageContaining("Register AE title " + OUR_AET + " in the PACS as a DICOM node with host 127.0.0.1"
                        + " and port " + movePort);
        // At once: no retries, no waiting for the response timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(Files.exists(tmp.resolve("j"))).as("the journal stays to resume").isTrue();
        assertMovePortFree();
    }

    @Test
    void orthancAsInstalledStopsAtTheFirstQueryAndNamesTheMovePort(@TempDir Path tmp) {
        assertThatThrownBy(() -> scan(OrthancPeer.AET, knowsUsNoGet.dicomPort(), "STRANGER", tmp.resolve("j"),
                Retrieval.WHEN_KEYS_MISSING, RetrieveWith.AUTO).run(new ComplianceTally()))
                .isInstanceOf(PacsRefusedException.class)
                .hasMessageContaining("register AE title STRANGER")
                .hasMessageContaining("--move-port");
    }

    @Test
    void moveDestinationUnknownStopsTheScanAtOnceWithWhatToRegister(@TempDir Path tmp) throws Exception {
        try (MoveDestinationUnknownPacs pacs = new MoveDestinationUnknownPacs()) {
            assertThatThrownBy(() -> scan("A801PACS", pacs.port(), OUR_AET, tmp.resolve("j"),
                    Retrieval.WHEN_KEYS_MISSING, RetrieveWith.AUTO).run(new ComplianceTally()))
                    .isInstanceOf(PacsRefusedException.class)
                    .hasMessageContaining("0xA801, move destination unknown")
                    .hasMessageContaining("Register AE title " + OUR_AET + " in the PACS as a DICOM node with host"
                            + " 127.0.0.1 and port " + movePort);
            assertThat(pacs.moves).as("no retries").isEqualTo(1);
        }
        assertMovePortFree();
    }

    @Test
    void aMovePortInUseStopsTheScanBeforeAnyQuery(@TempDir Path tmp) throws Exception {
        try (ServerSocket taken = new ServerSocket(movePort, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> scan(OrthancPeer.AET, knowsUsNoGet.dicomPort(), OUR_AET, tmp.resolve("j"),
                    Retrieval.WHEN_KEYS_MISSING, RetrieveWith.MOVE).run(new ComplianceTally()))
                    .isInstanceOf(PacsRefusedException.class)
                    .hasMessageContaining("port " + movePort)
                    .hasMessageContaining("--move-port");
        }
    }
}

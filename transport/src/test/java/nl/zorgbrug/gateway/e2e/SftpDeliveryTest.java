package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.transport.pkg.PackageLimits;
import nl.zorgbrug.transport.pkg.PackageManifest;
import nl.zorgbrug.transport.pkg.PackageReader;
import nl.zorgbrug.transport.sftp.MinaSftpServer;
import nl.zorgbrug.transport.sftp.SftpEndpoint;
import nl.zorgbrug.transport.sftp.SftpTransport;
import nl.zorgbrug.transport.sftp.SshKeys;

/**
 * The SFTP channel of an export route against Apache MINA SSHD's embedded server, for the faults of issue 21: a host
 * key that is not the address book's (FAILED for good, with the reason), a partner that is down (FAILED with the
 * automatic retry, then DONE), an upload that breaks off (only the .part is left; the retry delivers one package).
 */
class SftpDeliveryTest {
    @TempDir
    Path tmp;
    Path ourKey;

    @BeforeEach
    void keys() throws Exception {
        Dcmtk.require();
        ourKey = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
    }

    SftpTransport transport() throws Exception {
        return new SftpTransport(new SftpTransport.Settings(tmp.resolve("work"),
                new PackageManifest.Party("Ziekenhuis A", "12345678"), null, Duration.ofSeconds(10), Clock.systemUTC(),
                null));
    }

    MinaSftpServer server(int port) throws Exception {
        return new MinaSftpServer(tmp.resolve("drop-root"), tmp.resolve("mina-host-key"), Path.of(ourKey + ".pub"), port);
    }

    void book(TestGateway gateway, int port, String fingerprint) {
        gateway.book.save(new Institution("umcx", "UMC X", "87654321", null, null,
                List.of(new SftpEndpoint("127.0.0.1", port, "zorgbrug", fingerprint, ourKey, null, "drop")), null, null));
    }

    List<Path> sendStudy(TestGateway gateway) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            files.add(GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.9901", n, false));
        }
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), files)).isZero();
        return files;
    }

    @Test
    void aStudyArrivesAsOnePackageRenamedIntoPlaceWithTheBsnSwappedIn() throws Exception {
        try (MinaSftpServer server = server(0);
             TestGateway gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10),
                     transport())) {
            Files.createDirectories(server.root().resolve("drop"));
            book(gateway, server.port(), server.hostKeyFingerprint());
            sendStudy(gateway);
            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            List<Path> dropped = list(server.root().resolve("drop"));
            assertThat(dropped).extracting(p -> p.getFileName().toString())
                    .containsExactly("zb-" + done.id() + "-2.25.9901.zip");
            PackageReader.Verified v = PackageReader.unpack(dropped.get(0), tmp.resolve("check"),
                    PackageLimits.defaults());
            assertThat(v.manifest().patientBsn()).isEqualTo(TestGateway.BSN);
            assertThat(v.manifest().receiver().ura()).isEqualTo("87654321");
            assertThat(v.dicomFiles()).hasSize(3);
            DataSet ds = Part10Reader.read(v.dicomFiles().get(0)).dataSet();
            assertThat(ds.getString(Tag.PatientID)).isEqualTo(TestGateway.BSN);
            assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);
        }
    }

    @Test
    void aHostKeyThatIsNotTheAddressBooksFailsTheJobForGoodWithTheReason() throws Exception {
        Path otherKey = SshKeys.generate(tmp.resolve("keys/other"));
        try (MinaSftpServer server = server(0);
             TestGateway gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10),
                     transport())) {
            Files.createDirectories(server.root().resolve("drop"));
            String wrong = SshKeys.fingerprint(Path.of(otherKey + ".pub"));
            book(gateway, server.port(), wrong);
            sendStudy(gateway);
            Job failed = gateway.awaitJob(Direction.EXPORT, JobState.FAILED);
            assertThat(failed.reason()).contains("address book expects " + wrong)
                    .contains(server.hostKeyFingerprint());
            // Permanent: the manager alerts at once, no retry is scheduled.
            long deadline = System.currentTimeMillis() + 5_000;
            while (gateway.alerts.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(gateway.alerts).extracting(Job::id).contains(failed.id());
            assertThat(gateway.jobs.find(failed.id()).orElseThrow().attempts()).isEqualTo(1);
            assertThat(list(server.root().resolve("drop"))).isEmpty();
        }
    }

    @Test
    void aPartnerThatIsDownFailsTheJobForNowAndTheRetryDeliversIt() throws Exception {
        int port = Dcmtk.freePort();
        Path hostKey = tmp.resolve("mina-host-key");
        String fingerprint;
        // Learn the host key the server will show, then stop it: the partner is down.
        try (MinaSftpServer first = server(0)) {
            fingerprint = first.hostKeyFingerprint();
        }
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10),
                transport())) {
            book(gateway, port, fingerprint);
            sendStudy(gateway);
            Job failed = gateway.awaitJob(Direction.EXPORT, JobState.FAILED);
            assertThat(failed.retryAt()).isNotNull();
            assertThat(gateway.alerts).isEmpty();
            try (MinaSftpServer server = new MinaSftpServer(tmp.resolve("drop-root"), hostKey,
                    Path.of(ourKey + ".pub"), port)) {
                Files.createDirectories(server.root().resolve("drop"));
                Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
                assertThat(done.id()).isEqualTo(failed.id());
                assertThat(list(server.root().resolve("drop"))).hasSize(1);
            }
        }
    }

    @Test
    void anUploadThatBreaksOffLeavesNoPackageAndTheRetryDeliversOne() throws Exception {
        try (MinaSftpServer server = server(0);
             TestGateway gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10),
                     transport())) {
            Files.createDirectories(server.root().resolve("drop"));
            server.failWrites.set(1);
            book(gateway, server.port(), server.hostKeyFingerprint());
            sendStudy(gateway);
            Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(done.attempts()).isGreaterThanOrEqualTo(2);
            assertThat(server.failWrites.get()).isZero();
            List<Path> dropped = list(server.root().resolve("drop"));
            assertThat(dropped).hasSize(1).allMatch(p -> p.toString().endsWith(".zip"));
            assertThat(PackageReader.unpack(dropped.get(0), tmp.resolve("check"), PackageLimits.defaults())
                    .dicomFiles()).hasSize(3);
        }
    }

    static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}

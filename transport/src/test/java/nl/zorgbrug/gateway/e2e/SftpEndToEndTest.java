package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.transport.pkg.PackageLimits;
import nl.zorgbrug.transport.pkg.PackageManifest;
import nl.zorgbrug.transport.pkg.PackageRefusedException;
import nl.zorgbrug.transport.sftp.OpenSshServer;
import nl.zorgbrug.transport.sftp.SftpEndpoint;
import nl.zorgbrug.transport.sftp.SftpInbox;
import nl.zorgbrug.transport.sftp.SftpTransport;
import nl.zorgbrug.transport.sftp.SshKeys;

/**
 * Issue 21 end to end with real peers: storescu → node A's export route (BSN swapped in) → SFTP into a drop served by
 * Debian's OpenSSH (chrooted, SFTP only) → node B polls the drop, verifies the package and hands each object to its
 * import route (local ID swapped back) → storescp, B's PACS. Then the package B took is handed in again, as after a
 * kill -9 mid-import: every object is imported once.
 */
class SftpEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void aStudyGoesFromNodeAOverOpenSshToNodeBsPacsWithTheLocalIdBack() throws Exception {
        Dcmtk.require();
        OpenSshServer.require();
        Path key = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
        Path pacsDir = Files.createDirectories(tmp.resolve("pacs"));
        int pacsPort = Dcmtk.freePort();
        Process pacs = Dcmtk.storescp("OWNPACS", pacsPort, pacsDir, tmp.resolve("pacs.log"));
        try (OpenSshServer sshd = new OpenSshServer(tmp.resolve("sshd"), Path.of("target"), Path.of(key + ".pub"));
             TestGateway a = new TestGateway(tmp.resolve("a"), Duration.ofMillis(300), Duration.ofMinutes(10),
                     new SftpTransport(new SftpTransport.Settings(tmp.resolve("a-work"),
                             new PackageManifest.Party("Ziekenhuis A", "12345678"), null, Duration.ofSeconds(10),
                             Clock.systemUTC(), null)));
             TestGateway b = new TestGateway(tmp.resolve("b"))) {
            SftpEndpoint drop = new SftpEndpoint("127.0.0.1", sshd.port(), System.getProperty("user.name"),
                    sshd.hostKeyFingerprint(), key, null, sshd.dropFolder());
            a.book.save(new Institution("umcx", "UMC X", "87654321", null, null, List.of(drop), null, null));
            b.book.save(new Institution("ownpacs", "Eigen PACS", null, null, TestGateway.LOCAL_ISSUER, "OWNPACS",
                    "127.0.0.1", pacsPort, false, null, null, null));

            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> files = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                files.add(GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.7701", n, false));
            }
            assertThat(Dcmtk.storescu("MODALITY", "ZB_EXPORT", a.port(), files)).isZero();
            a.awaitJob(Direction.EXPORT, JobState.DONE);
            List<Path> dropped = list(sshd.dropOnDisk());
            assertThat(dropped).hasSize(1);
            // Keep a copy of the package as B will fetch it, to hand it in again below.
            Path copy = Files.copy(dropped.get(0), tmp.resolve("copy.zip"));

            SftpInbox inbox = new SftpInbox(new SftpInbox.Settings(tmp.resolve("b-inbox"), PackageLimits.defaults(),
                    null, Duration.ofSeconds(10), Clock.systemUTC()), b.intake);
            SftpInbox.Partner partnerA = new SftpInbox.Partner("zha", drop, b.routes.get(1));
            List<SftpInbox.Result> results = inbox.poll(partnerA);
            assertThat(results).singleElement().isInstanceOfSatisfying(SftpInbox.Result.Imported.class,
                    r -> assertThat(r.joined()).isEqualTo(3));
            Job imported = b.awaitJob(Direction.IMPORT, JobState.DONE);
            List<Path> atPacs = awaitFiles(pacsDir, 3);
            for (Path f : atPacs) {
                DataSet ds = Part10Reader.read(f).dataSet();
                assertThat(ds.getString(Tag.PatientID)).isEqualTo("PAT-0042");
                assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(TestGateway.LOCAL_ISSUER);
            }
            // The drop now holds only B's receipt: the package was claimed and taken.
            assertThat(list(sshd.dropOnDisk())).extracting(p -> p.getFileName().toString())
                    .containsExactly(dropped.get(0).getFileName() + SftpInbox.RECEIPT);
            assertThat(inbox.poll(partnerA)).isEmpty();

            // As after a kill -9 of B mid-import: the package is in B's incoming/ again and is handed in again.
            Path incoming = tmp.resolve("b-inbox/zha/incoming");
            Files.copy(copy, incoming.resolve(dropped.get(0).getFileName()));
            assertThat(inbox.takeLocal(partnerA)).singleElement().isInstanceOf(SftpInbox.Result.Imported.class);
            List<Job> importJobs = b.jobs.search(JobQuery.lastTwoWeeks(java.time.Instant.now().plusSeconds(1)))
                    .stream().filter(j -> j.direction() == Direction.IMPORT).toList();
            assertThat(importJobs).extracting(Job::id).containsExactly(imported.id());
            assertThat(b.jobs.instances(imported.id())).hasSize(3);
            Thread.sleep(1_000);
            assertThat(list(pacsDir)).hasSize(3);
        } finally {
            pacs.destroy();
        }
    }

    @Test
    void aDamagedPackageIsKeptAsideWithAnErrorFileForThePartnerAndNothingIsImported() throws Exception {
        OpenSshServer.require();
        Path key = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
        try (OpenSshServer sshd = new OpenSshServer(tmp.resolve("sshd"), Path.of("target"), Path.of(key + ".pub"));
             TestGateway b = new TestGateway(tmp.resolve("b"))) {
            SftpEndpoint drop = new SftpEndpoint("127.0.0.1", sshd.port(), System.getProperty("user.name"),
                    sshd.hostKeyFingerprint(), key, null, sshd.dropFolder());
            List<Path> objects = nl.zorgbrug.transport.TestStudies.study(tmp.resolve("objs"), "2.25.7702", 2, 1, 4096);
            Path zip = tmp.resolve("p.zip");
            nl.zorgbrug.transport.pkg.StudyPackageWriter.write(nl.zorgbrug.transport.TestStudies.manifest("2.25.7702"),
                    objects, zip);
            byte[] bytes = Files.readAllBytes(zip);
            Files.write(sshd.dropOnDisk().resolve("truncated.zip"), java.util.Arrays.copyOf(bytes, bytes.length - 100));

            SftpInbox inbox = new SftpInbox(new SftpInbox.Settings(tmp.resolve("b-inbox"), PackageLimits.defaults(),
                    null, Duration.ofSeconds(10), Clock.systemUTC()), b.intake);
            List<SftpInbox.Result> results = inbox.poll(new SftpInbox.Partner("zha", drop, b.routes.get(1)));
            assertThat(results).singleElement().isInstanceOfSatisfying(SftpInbox.Result.Refused.class,
                    r -> assertThat(r.reason()).isEqualTo(PackageRefusedException.Reason.CORRUPT));
            assertThat(tmp.resolve("b-inbox/zha/refused/truncated.zip")).exists();
            assertThat(Files.readString(tmp.resolve("b-inbox/zha/refused/truncated.zip.reason.txt"))).contains("CORRUPT");
            assertThat(Files.readString(sshd.dropOnDisk().resolve("truncated.zip" + SftpInbox.ERROR)))
                    .contains("CORRUPT");
            assertThat(b.jobs.search(JobQuery.lastTwoWeeks(java.time.Instant.now().plusSeconds(1)))).isEmpty();
        }
    }

    static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    static List<Path> awaitFiles(Path dir, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<Path> files = list(dir).stream().filter(p -> p.toString().endsWith(".dcm")).toList();
            if (files.size() >= expected) {
                return files;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("storescp received fewer than " + expected + " objects in " + dir);
    }
}

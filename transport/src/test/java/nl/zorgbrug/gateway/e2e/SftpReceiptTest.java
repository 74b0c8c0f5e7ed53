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

import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.delivery.SpoolCleanup;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.transport.pkg.PackageLimits;
import nl.zorgbrug.transport.pkg.PackageManifest;
import nl.zorgbrug.transport.sftp.OpenSshServer;
import nl.zorgbrug.transport.sftp.ReceiptWatch;
import nl.zorgbrug.transport.sftp.SftpEndpoint;
import nl.zorgbrug.transport.sftp.SftpInbox;
import nl.zorgbrug.transport.sftp.SftpTransport;
import nl.zorgbrug.transport.sftp.SshKeys;

/**
 * Issue 21: "the job is DONE when the rename succeeded and, where the partner writes receipts, when the receipt
 * arrived". Node A sends into a drop on Debian's OpenSSH whose partner (node B, polling it) writes receipts.
 */
class SftpReceiptTest {
    @TempDir
    Path tmp;

    private Path key;
    private OpenSshServer sshd;

    private TestGateway nodeA(ReceiptWatch[] watch) throws Exception {
        return new TestGateway(tmp.resolve("a"), Duration.ofMillis(300), Duration.ofMinutes(10), gw -> {
            watch[0] = new ReceiptWatch(new ReceiptWatch.Settings(gw.manager, gw.jobs,
                    new SpoolCleanup(gw.spool, gw.jobs, gw.routeOf), null, Duration.ofSeconds(10),
                    Duration.ofMillis(200), Clock.systemUTC()));
            try {
                return new SftpTransport(new SftpTransport.Settings(tmp.resolve("a-work"),
                        new PackageManifest.Party("Ziekenhuis A", "12345678"), null, Duration.ofSeconds(10),
                        Clock.systemUTC(), watch[0]));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private SftpEndpoint drop(Duration receiptTimeout) throws Exception {
        return new SftpEndpoint("127.0.0.1", sshd.port(), System.getProperty("user.name"), sshd.hostKeyFingerprint(),
                key, null, sshd.dropFolder(), receiptTimeout);
    }

    private List<Path> study(String uid) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in-" + uid));
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            files.add(GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, uid, n, false));
        }
        return files;
    }

    @Test
    void theJobIsDoneOnlyWhenThePartnersReceiptCameAndTheOriginalsStayUntilThen() throws Exception {
        Dcmtk.require();
        OpenSshServer.require();
        key = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
        ReceiptWatch[] watch = new ReceiptWatch[1];
        Path pacsDir = Files.createDirectories(tmp.resolve("pacs"));
        int pacsPort = Dcmtk.freePort();
        Process pacs = Dcmtk.storescp("OWNPACS", pacsPort, pacsDir, tmp.resolve("pacs.log"));
        try (OpenSshServer server = new OpenSshServer(tmp.resolve("sshd"), Path.of("target"), Path.of(key + ".pub"));
             TestGateway a = nodeA(watch);
             TestGateway b = new TestGateway(tmp.resolve("b"))) {
            sshd = server;
            SftpEndpoint drop = drop(Duration.ofMinutes(5));
            a.book.save(new Institution("umcx", "UMC X", "87654321", null, null, List.of(drop), null, null));
            b.book.save(new Institution("ownpacs", "Eigen PACS", null, null, TestGateway.LOCAL_ISSUER, "OWNPACS",
                    "127.0.0.1", pacsPort, false, null, null, null));
            assertThat(Dcmtk.storescu("MODALITY", "ZB_EXPORT", a.port(), study("2.25.7801"))).isZero();

            Job waiting = awaitReason(a, "waiting for the receipt of package");
            assertThat(waiting.state()).isEqualTo(JobState.IN_PROGRESS);
            assertThat(SftpEndToEndTest.list(server.dropOnDisk())).hasSize(1);
            Thread.sleep(600);
            assertThat(a.jobs.find(waiting.id()).orElseThrow().state()).as("no receipt yet, so not DONE")
                    .isEqualTo(JobState.IN_PROGRESS);
            assertThat(spooled(tmp.resolve("a/spool"))).as("the originals stay until the receipt").hasSize(3);

            SftpInbox inbox = new SftpInbox(new SftpInbox.Settings(tmp.resolve("b-inbox"), PackageLimits.defaults(),
                    null, Duration.ofSeconds(10), Clock.systemUTC()), b.intake);
            assertThat(inbox.poll(new SftpInbox.Partner("zha", drop, b.routes.get(1)))).singleElement()
                    .isInstanceOf(SftpInbox.Result.Imported.class);

            Job done = a.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(done.id()).isEqualTo(waiting.id());
            assertThat(a.jobs.events()).anyMatch(e -> e.contains("receipt of package") && e.contains("3 imported"));
            // Taken out of the drop once read (right after the job is finished).
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && !SftpEndToEndTest.list(server.dropOnDisk()).isEmpty()) {
                Thread.sleep(50);
            }
            assertThat(SftpEndToEndTest.list(server.dropOnDisk())).as("the receipt is taken out of the drop").isEmpty();
            awaitEmpty(tmp.resolve("a/spool"));
            assertThat(watch[0].awaited()).isEmpty();
        } finally {
            pacs.destroy();
            if (watch[0] != null) {
                watch[0].close();
            }
        }
    }

    @Test
    void aRefusedPackageOrNoReceiptInTimeIsSentAgainByTheAutomaticRetry() throws Exception {
        Dcmtk.require();
        OpenSshServer.require();
        key = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
        ReceiptWatch[] watch = new ReceiptWatch[1];
        try (OpenSshServer server = new OpenSshServer(tmp.resolve("sshd"), Path.of("target"), Path.of(key + ".pub"));
             TestGateway a = nodeA(watch)) {
            sshd = server;
            a.book.save(new Institution("umcx", "UMC X", "87654321", null, null, List.of(drop(Duration.ofSeconds(1))),
                    null, null));
            assertThat(Dcmtk.storescu("MODALITY", "ZB_EXPORT", a.port(), study("2.25.7802"))).isZero();
            Job waiting = awaitReason(a, "waiting for the receipt of package");

            // The partner refuses it, as SftpInbox does: the package taken out, an error file beside where it was.
            Path dropped = SftpEndToEndTest.list(server.dropOnDisk()).get(0);
            Files.delete(dropped);
            Files.writeString(dropped.resolveSibling(dropped.getFileName() + SftpInbox.ERROR),
                    "CORRUPT: entry 000002.dcm: checksum mismatch\n");
            awaitEvent(a, "refused package");
            // The retry sends it again, and the stale error file is gone before the new package lands.
            awaitFile(dropped);
            assertThat(dropped.resolveSibling(dropped.getFileName() + SftpInbox.ERROR)).doesNotExist();

            // Nobody answers the second one within the second the drop allows: a transient failure, sent again.
            awaitEvent(a, "no receipt of package");
            assertThat(a.jobs.find(waiting.id()).orElseThrow().state()).isNotEqualTo(JobState.DONE);
            assertThat(spooled(tmp.resolve("a/spool"))).as("nothing delivered, nothing removed").hasSize(3);
        } finally {
            if (watch[0] != null) {
                watch[0].close();
            }
        }
    }

    private static Job awaitReason(TestGateway gw, String reason) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (Job j : gw.jobs.search(nl.zorgbrug.gateway.job.JobQuery.lastTwoWeeks(
                    java.time.Instant.now().plusSeconds(1)))) {
                if (j.reason() != null && j.reason().contains(reason)) {
                    return j;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no job with the reason '" + reason + "'; events: " + gw.jobs.events());
    }

    private static void awaitEvent(TestGateway gw, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (gw.jobs.events().stream().anyMatch(e -> e.contains(text))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no job event with '" + text + "'; events: " + gw.jobs.events());
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !Files.exists(file)) {
            Thread.sleep(50);
        }
        assertThat(file).exists();
    }

    private static List<Path> spooled(Path spool) throws Exception {
        try (Stream<Path> s = Files.walk(spool)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).toList();
        }
    }

    private static void awaitEmpty(Path spool) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && !spooled(spool).isEmpty()) {
            Thread.sleep(100);
        }
        assertThat(spooled(spool)).as("the originals leave the spool once the receipt came").isEmpty();
    }
}

package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.delivery.JobDelivery;
import nl.zorgbrug.gateway.delivery.JobRunner;
import nl.zorgbrug.gateway.delivery.SpoolCleanup;
import nl.zorgbrug.gateway.delivery.Transports;
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
 * Issue 22, drain: a job whose package is in the partner's drop and whose receipt has not come is handed back when the
 * node is stopped — WAITING, lease cleared, no attempt counted — instead of staying held until its lease passes. Its
 * next holder (here a new runner on the same job store, as another node would be) sends nothing again: it waits for
 * the receipt of the package already in the drop, which makes the job DONE.
 */
class SftpDrainTest {
    @TempDir
    Path tmp;

    @Test
    void aJobWaitingForItsReceiptIsHandedBackAndItsNextHolderWaitsForThatReceipt() throws Exception {
        Dcmtk.require();
        OpenSshServer.require();
        Path key = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
        List<ReceiptWatch> watches = new ArrayList<>();
        SftpTransport[] sftp = new SftpTransport[1];
        Path pacsDir = Files.createDirectories(tmp.resolve("pacs"));
        int pacsPort = Dcmtk.freePort();
        Process pacs = Dcmtk.storescp("OWNPACS", pacsPort, pacsDir, tmp.resolve("pacs.log"));
        JobRunner next = null;
        try (OpenSshServer server = new OpenSshServer(tmp.resolve("sshd"), Path.of("target"), Path.of(key + ".pub"));
             TestGateway a = new TestGateway(tmp.resolve("a"), Duration.ofMillis(300), Duration.ofMinutes(10), gw -> {
                 ReceiptWatch watch = new ReceiptWatch(new ReceiptWatch.Settings(gw.manager, gw.jobs,
                         new SpoolCleanup(gw.spool, gw.jobs, gw.routeOf), null, Duration.ofSeconds(10),
                         Duration.ofMillis(200), Clock.systemUTC()));
                 watches.add(watch);
                 try {
                     sftp[0] = new SftpTransport(new SftpTransport.Settings(tmp.resolve("a-work"),
                             new PackageManifest.Party("Ziekenhuis A", "12345678"), null, Duration.ofSeconds(10),
                             Clock.systemUTC(), watch));
                 } catch (java.io.IOException e) {
                     throw new java.io.UncheckedIOException(e);
                 }
                 return sftp[0];
             });
             TestGateway b = new TestGateway(tmp.resolve("b"))) {
            SftpEndpoint drop = new SftpEndpoint("127.0.0.1", server.port(), System.getProperty("user.name"),
                    server.hostKeyFingerprint(), key, null, server.dropFolder(), Duration.ofMinutes(5));
            a.book.save(new Institution("umcx", "UMC X", "87654321", null, null, List.of(drop), null, null));
            b.book.save(new Institution("ownpacs", "Eigen PACS", null, null, TestGateway.LOCAL_ISSUER, "OWNPACS",
                    "127.0.0.1", pacsPort, false, null, null, null));
            Path in = Files.createDirectories(tmp.resolve("in"));
            List<Path> study = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                study.add(GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, "2.25.7851", n, false));
            }
            assertThat(Dcmtk.storescu("MODALITY", "ZB_EXPORT", a.port(), study)).isZero();
            Job waiting = awaitReason(a, "waiting for the receipt of package");
            List<Path> dropped = SftpEndToEndTest.list(server.dropOnDisk());
            assertThat(dropped).hasSize(1);
            FileTime uploaded = Files.getLastModifiedTime(dropped.get(0));

            // The node is stopped: nothing runs, the waiting job is handed back at once.
            assertThat(a.runner.drain(Duration.ZERO, Duration.ofSeconds(2))).isZero();
            Job back = a.jobs.find(waiting.id()).orElseThrow();
            assertThat(back.state()).isEqualTo(JobState.WAITING);
            assertThat(back.reason()).startsWith("handed back:").contains("waiting for the receipt of package");
            assertThat(back.attempts()).as("no attempt counted").isZero();
            assertThat(a.jobs.leaseHolder(back.id(), java.time.Instant.now())).as("lease cleared").isEmpty();
            assertThat(a.jobs.instances(back.id())).hasSize(3)
                    .allSatisfy(i -> assertThat(i.acknowledged() && !i.committed()).isTrue());

            // The next holder: nothing to send; it waits for the receipt of the package in the drop.
            next = new JobRunner(a.jobs, new JobDelivery(new JobDelivery.Parts(a.spool, a.book, a.routeOf, a.manager,
                    a.jobs, Transports.of(sftp[0]), Clock.systemUTC())), Clock.systemUTC(), Duration.ofMillis(100), 1)
                    .start();
            Job waitingAgain = awaitReason(a, "waiting for the receipt of package " + server.dropFolder());
            assertThat(waitingAgain.state()).isEqualTo(JobState.IN_PROGRESS);
            assertThat(a.jobs.events()).anyMatch(e -> e.contains("is in the drop already (3 objects)"));
            assertThat(SftpEndToEndTest.list(server.dropOnDisk())).containsExactlyElementsOf(dropped);
            assertThat(Files.getLastModifiedTime(dropped.get(0))).as("not uploaded again").isEqualTo(uploaded);

            // The partner takes it and writes its receipt: the job is DONE, after one attempt.
            SftpInbox inbox = new SftpInbox(new SftpInbox.Settings(tmp.resolve("b-inbox"), PackageLimits.defaults(),
                    null, Duration.ofSeconds(10), Clock.systemUTC()), b.intake);
            assertThat(inbox.poll(new SftpInbox.Partner("zha", drop, b.routes.get(1)))).singleElement()
                    .isInstanceOf(SftpInbox.Result.Imported.class);
            Job done = a.awaitJob(Direction.EXPORT, JobState.DONE);
            assertThat(done.id()).isEqualTo(waiting.id());
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(a.jobs.instances(done.id())).allSatisfy(i -> assertThat(i.committed()).isTrue());
        } finally {
            if (next != null) {
                next.close();
            }
            pacs.destroy();
            watches.forEach(ReceiptWatch::close);
        }
    }

    private static Job awaitReason(TestGateway gw, String reason) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (Job j : gw.jobs.search(nl.zorgbrug.gateway.job.JobQuery.lastTwoWeeks(
                    java.time.Instant.now().plusSeconds(1)))) {
                if (j.reason() != null && j.reason().contains(reason) && j.state() == JobState.IN_PROGRESS) {
                    return j;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no job in progress with the reason '" + reason + "'; events: " + gw.jobs.events());
    }
}

package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;

/**
 * After a delivery that broke off, the gateway asks the receiver (C-FIND, IMAGE level) which instances it
 * already holds and sends only the rest; a receiver that cannot be asked gets them all again.
 *
 * <p>The first attempt goes to a closed port and fails. Meanwhile three of the five instances reach the
 * receiver another way, as if they had been stored just before the connection broke and their C-STORE
 * responses were lost. Orthanc counts every instance that arrives over DICOM (a Lua filter).
 */
class InDoubtDeliveryTest {
    static final String STUDY = "2.25.7001";

    @TempDir
    Path tmp;

    @Test
    void whatTheReceiverAlreadyHoldsIsNotSentAgain() throws Exception {
        Dcmtk.require();
        Path orthancDir = Files.createDirectories(tmp.resolve("orthanc"));
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"));
             OrthancPeer remote = OrthancPeer.startCountingReceptions(orthancDir,
                     Map.of("zb", new OrthancPeer.Modality("ZB_IMPORT", gateway.port())))) {
            List<Path> files = study();
            Job failed = firstAttemptFails(gateway, files);

            for (Path f : files.subList(0, 3)) {
                assertThat(remote.postBytes("/instances", Files.readAllBytes(f)).statusCode()).isEqualTo(200);
            }
            gateway.book.save(institution(OrthancPeer.AET, remote.dicomPort()));

            Job done = awaitState(gateway, failed.id(), JobState.DONE);
            assertThat(gateway.jobs.instances(done.id())).hasSize(5).allMatch(JobInstance::acknowledged);
            Map<String, Integer> overDicom = OrthancPeer.receptions(orthancDir);
            assertThat(overDicom).as("instances that arrived over DICOM, and how often")
                    .isEqualTo(Map.of(STUDY + ".4", 1, STUDY + ".5", 1));
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("3 of 5 unacknowledged instances were already at ORTHANC"));
        }
    }

    @Test
    void aReceiverThatCannotBeAskedGetsThemAllAgain() throws Exception {
        Dcmtk.require();
        Path scpDir = Files.createDirectories(tmp.resolve("scp"));
        int scpPort = Dcmtk.freePort();
        Process scp = Dcmtk.storescp("REMOTE", scpPort, scpDir, tmp.resolve("scp.log"));
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"))) {
            Job failed = firstAttemptFails(gateway, study());
            gateway.book.save(institution("REMOTE", scpPort));

            awaitState(gateway, failed.id(), JobState.DONE);
            try (Stream<Path> s = Files.list(scpDir)) {
                assertThat(s.filter(p -> p.toString().endsWith(".dcm")).count()).isEqualTo(5);
            }
            // storescp offers no C-FIND: the job's events say why everything went again.
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("5 unacknowledged instances are sent again")
                    && e.contains("cannot be asked"));
        } finally {
            scp.destroy();
        }
    }

    private List<Path> study() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            files.add(GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, STUDY, n, false));
        }
        return files;
    }

    /** Sends the study to the export route while the receiver's port is closed; returns the job once an attempt failed. */
    private static Job firstAttemptFails(TestGateway gateway, List<Path> files) throws Exception {
        gateway.book.save(institution(OrthancPeer.AET, Dcmtk.freePort()));
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), files)).isZero();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (Job j : gateway.jobs.search(JobQuery.lastTwoWeeks(Instant.now().plusSeconds(1)))) {
                if (j.direction() == Direction.EXPORT && j.attempts() > 0 && j.reason() != null) {
                    return j;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the first delivery attempt did not fail: " + gateway.jobs.events());
    }

    private static Job awaitState(TestGateway gateway, long jobId, JobState state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        Job job = null;
        while (System.currentTimeMillis() < deadline) {
            job = gateway.jobs.find(jobId).orElseThrow();
            if (job.state() == state) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job did not become " + state + ": " + job + "\n" + gateway.jobs.events());
    }

    private static Institution institution(String aeTitle, int port) {
        return new Institution("umcx", "UMC X", null, null, null, aeTitle, "127.0.0.1", port, false, null, null, null);
    }
}

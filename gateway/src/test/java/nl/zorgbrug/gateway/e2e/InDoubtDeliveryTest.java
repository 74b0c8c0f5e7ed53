package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.net.OrthancPeer;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;

/**
 * After a delivery that broke off with an instance on the wire, the gateway asks the receiver (C-FIND,
 * IMAGE level) whether it holds that instance, and sends only the rest; a receiver that cannot be asked —
 * also one that refuses or aborts the query, as Orthanc as installed does for an AE title it does not
 * know — gets it again, and the delivery goes on (issue 15). An attempt that broke off before anything
 * left (a refused connection) leaves nothing in doubt, and nothing is asked.
 *
 * <p>The breaking attempt goes to a receiver that takes the association, reads the first C-STORE request
 * and drops the connection without an answer. Orthanc counts every instance that arrives over DICOM (a Lua
 * filter).
 */
class InDoubtDeliveryTest {
    static final String STUDY = "2.25.7001";
    static final String FIRST = STUDY + ".1";

    @TempDir
    Path tmp;

    /** The hospital registered our node as a modality, so its Orthanc answers our C-FIND. */
    @Test
    void whatTheReceiverAlreadyHoldsIsNotSentAgain() throws Exception {
        Dcmtk.require();
        Path orthancDir = Files.createDirectories(tmp.resolve("orthanc"));
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"));
             OrthancPeer remote = OrthancPeer.startCountingReceptions(orthancDir,
                     Map.of("zorgbrug", new OrthancPeer.Modality("ZORGBRUG", gateway.port())),
                     OrthancPeer.Access.AS_INSTALLED)) {
            List<Path> files = study();
            Job broken = firstAttemptBreaksOff(gateway, files);

            // The first instance was stored just before the connection broke; its C-STORE response was lost.
            assertThat(remote.postBytes("/instances", Files.readAllBytes(files.get(0))).statusCode()).isEqualTo(200);
            gateway.book.save(institution(OrthancPeer.AET, remote.dicomPort()));

            Job done = awaitState(gateway, broken.id(), JobState.DONE);
            assertThat(gateway.jobs.instances(done.id())).hasSize(5).allMatch(JobInstance::acknowledged);
            assertThat(OrthancPeer.receptions(orthancDir)).as("instances that arrived over DICOM, and how often")
                    .isEqualTo(Map.of(STUDY + ".2", 1, STUDY + ".3", 1, STUDY + ".4", 1, STUDY + ".5", 1));
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("1 of 1 instances in doubt")
                    && e.contains("already at ORTHANC"));
        }
    }

    @Test
    void aReceiverThatCannotBeAskedGetsThemAllAgain() throws Exception {
        Dcmtk.require();
        Path scpDir = Files.createDirectories(tmp.resolve("scp"));
        int scpPort = Dcmtk.freePort();
        Process scp = Dcmtk.storescp("REMOTE", scpPort, scpDir, tmp.resolve("scp.log"));
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"))) {
            Job broken = firstAttemptBreaksOff(gateway, study());
            gateway.book.save(institution("REMOTE", scpPort));

            awaitState(gateway, broken.id(), JobState.DONE);
            try (Stream<Path> s = Files.list(scpDir)) {
                assertThat(s.filter(p -> p.toString().endsWith(".dcm")).count()).isEqualTo(5);
            }
            // storescp offers no C-FIND: the job's events say why the instance in doubt went again.
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("1 instances in doubt")
                    && e.contains("sent again") && e.contains("cannot be asked"));
        } finally {
            scp.destroy();
        }
    }

    /**
     * Issue 15: Orthanc as a hospital installs it refuses C-FIND from an AE title it does not know. After an
     * attempt broke off with an instance on the wire, the question fails; the delivery must go on regardless,
     * and every instance arrives once (the one in doubt was not stored by the breaking receiver).
     */
    @Test
    void aReceiverThatRefusesTheQueryStillGetsTheJob() throws Exception {
        Dcmtk.require();
        Path orthancDir = Files.createDirectories(tmp.resolve("orthanc"));
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"));
             OrthancPeer remote = OrthancPeer.startCountingReceptions(orthancDir, Map.of(),
                     OrthancPeer.Access.AS_INSTALLED)) {
            Job broken = firstAttemptBreaksOff(gateway, study());
            gateway.book.save(institution(OrthancPeer.AET, remote.dicomPort()));

            Job done = awaitState(gateway, broken.id(), JobState.DONE);
            assertThat(gateway.jobs.instances(done.id())).hasSize(5).allMatch(JobInstance::acknowledged);
            assertThat(OrthancPeer.receptions(orthancDir)).as("every instance arrived once")
                    .isEqualTo(everyInstanceOnce());
            // Orthanc 1.10 aborts the association (A-ABORT, service-user) on a C-FIND from an AE it does not know.
            assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("1 instances in doubt")
                    && e.contains("cannot be asked") && e.contains("aborted the association"));
        }
    }

    /**
     * Issue 15: an outage where the connection is refused puts nothing on the wire, so the next attempt asks
     * nothing — Orthanc as installed is not bothered with a C-FIND it would refuse — and delivers each instance once.
     */
    @Test
    void afterARefusedConnectionNothingIsAsked() throws Exception {
        Dcmtk.require();
        Path orthancDir = Files.createDirectories(tmp.resolve("orthanc"));
        try (TestGateway gateway = new TestGateway(tmp.resolve("gw"));
             OrthancPeer remote = OrthancPeer.startCountingReceptions(orthancDir, Map.of(),
                     OrthancPeer.Access.AS_INSTALLED)) {
            gateway.book.save(institution(OrthancPeer.AET, Dcmtk.freePort()));
            Job failed = sendAndAwaitFailedAttempt(gateway, study());
            assertThat(gateway.jobs.instances(failed.id())).noneMatch(JobInstance::inDoubt);
            gateway.book.save(institution(OrthancPeer.AET, remote.dicomPort()));

            awaitState(gateway, failed.id(), JobState.DONE);
            assertThat(OrthancPeer.receptions(orthancDir)).isEqualTo(everyInstanceOnce());
            assertThat(gateway.jobs.events()).noneMatch(e -> e.contains("in-doubt"));
        }
    }

    private static Map<String, Integer> everyInstanceOnce() {
        return Stream.of(1, 2, 3, 4, 5).collect(Collectors.toMap(n -> STUDY + "." + n, n -> 1));
    }

    private List<Path> study() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            files.add(GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, STUDY, n, false));
        }
        return files;
    }

    /**
     * Sends the study to the export route while the receiver breaks off after the first C-STORE request;
     * returns the job once an attempt failed, with the first instance in doubt and no other.
     */
    private static Job firstAttemptBreaksOff(TestGateway gateway, List<Path> files) throws Exception {
        try (Acceptor breaker = breaksOffMidStore(OrthancPeer.AET)) {
            gateway.book.save(institution(OrthancPeer.AET, breaker.port()));
            Job failed = sendAndAwaitFailedAttempt(gateway, files);
            // Nowhere to go until the test points the address book at the real receiver.
            gateway.book.save(institution(OrthancPeer.AET, Dcmtk.freePort()));
            List<JobInstance> instances = gateway.jobs.instances(failed.id());
            assertThat(instances.stream().filter(JobInstance::inDoubt).map(JobInstance::sopInstanceUid))
                    .containsExactly(FIRST);
            return failed;
        }
    }

    /** A receiver that accepts the association, reads the first C-STORE request, and drops the connection unanswered. */
    private static Acceptor breaksOffMidStore(String aeTitle) throws IOException {
        DicomServer policy = new DicomServer(Map.of(aeTitle, Set.of()), (request, data) -> Status.SUCCESS);
        return new Acceptor(policy, association -> {
            association.nextPdv();
            association.socket().close();
        }, AssociationOptions.DEFAULT, 5).start(InetAddress.getLoopbackAddress(), 0);
    }

    private static Job sendAndAwaitFailedAttempt(TestGateway gateway, List<Path> files) throws Exception {
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", gateway.port(), files)).isZero();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (Job j : gateway.jobs.search(JobQuery.lastTwoWeeks(Instant.now().plusSeconds(1)))) {
                if (j.direction() == Direction.EXPORT && j.attempts() > 0 && j.reason() != null
                        && j.state() != JobState.IN_PROGRESS) {
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

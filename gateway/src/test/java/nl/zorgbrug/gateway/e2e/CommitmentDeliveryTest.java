package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.StorageCommitment;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Delivery with storage commitment against a fake receiver built from our toolkit (a C-STORE SCP that
 * is also a Storage Commitment SCP whose answers the test decides): a reported failure sends the
 * instance again and the job is not DONE before everything is committed; a permanent failure reason
 * FAILS the job; no report at all is a transient failure after the timeout, and the job asks again.
 */
class CommitmentDeliveryTest {
    @TempDir
    Path tmp;

    final List<Acceptor> acceptors = new ArrayList<>();
    /** What the receiver was asked, and the state of the job at that moment. */
    final List<StorageCommitment.Request> asked = new CopyOnWriteArrayList<>();
    final List<JobState> stateWhenAsked = new CopyOnWriteArrayList<>();
    TestGateway gateway;

    @AfterEach
    void stop() {
        acceptors.forEach(Acceptor::close);
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A receiver "REMOTE": stores into {@code dir}; the n-th commitment request is answered by {@code answer}. */
    int receiver(Path dir, Function<StorageCommitment.Request, StorageCommitment.Result> answer, boolean silent)
            throws Exception {
        StorageCommitment.Provider provider = new StorageCommitment.Provider() {
            @Override
            public StorageCommitment.Result commit(StorageCommitment.Request request) {
                asked.add(request);
                stateWhenAsked.add(exportJob().state());
                return answer.apply(request);
            }

            @Override
            public void reportLater(StorageCommitment.Request request, StorageCommitment.Result result) {
                // silent: this receiver never sends the report on a new association
            }
        };
        // Lingers shorter than the gateway (1 s), so it reports on the N-ACTION's association; a silent one longer.
        DicomServer server = new DicomServer(Map.of("REMOTE", Set.of()), new FileStoreHandler(dir))
                .withCommitmentProvider(provider, silent ? Duration.ofSeconds(5) : Duration.ofMillis(200));
        Acceptor a = new Acceptor(server, server, AssociationOptions.DEFAULT, 10).start(InetAddress.getLoopbackAddress(), 0);
        acceptors.add(a);
        return a.port();
    }

    Job exportJob() {
        return gateway.jobs.search(nl.zorgbrug.gateway.job.JobQuery.lastTwoWeeks(java.time.Instant.now().plusSeconds(1)))
                .stream().filter(j -> j.direction() == Direction.EXPORT).findFirst().orElseThrow();
    }

    List<Path> sendStudy(String study, int count) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<Path> files = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            files.add(GatewayDcmtkTest.ct(in, "ct" + n, "PAT-0042", TestGateway.LOCAL_ISSUER, study, n, false));
        }
        assertThat(StoreScu.send(new Connector(AssociationOptions.DEFAULT), "OWNPACS", "ZB_EXPORT", "127.0.0.1",
                gateway.port(), files, (o, d, t) -> { })).allSatisfy(o -> assertThat(o.ok()).isTrue());
        return files;
    }

    void book(int port) {
        gateway.book.save(new Institution("umcx", "UMC X", null, null, null, "REMOTE", "127.0.0.1", port, false, null,
                null, null, true, null));
    }

    static StorageCommitment.Result all(StorageCommitment.Request r) {
        return new StorageCommitment.Result(r.transactionUid(), r.references(), List.of());
    }

    @Test
    void aReportedFailureIsSentAgainAndTheJobIsDoneOnlyWhenEverythingIsCommitted() throws Exception {
        gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10));
        Path received = tmp.resolve("received");
        int port = receiver(received, r -> {
            if (asked.size() > 1) {
                return all(r);
            }
            // First time: the receiver says it has not got the first instance (PS3.4 J.3.2.1.1.2, 0x0112).
            StorageCommitment.Reference lost = r.references().get(0);
            return new StorageCommitment.Result(r.transactionUid(), r.references().subList(1, r.references().size()),
                    List.of(new StorageCommitment.Failure(lost, StorageCommitment.NO_SUCH_OBJECT_INSTANCE)));
        }, false);
        book(port);
        sendStudy("2.25.7101", 3);

        Job done = gateway.awaitJob(Direction.EXPORT, JobState.DONE);
        assertThat(asked).hasSize(2);
        assertThat(stateWhenAsked).containsOnly(JobState.IN_PROGRESS);
        assertThat(asked.get(0).references()).hasSize(3);
        // The second request is only about the instance that was sent again, under a new Transaction UID.
        assertThat(asked.get(1).references()).containsExactly(asked.get(0).references().get(0));
        assertThat(asked.get(1).transactionUid()).isNotEqualTo(asked.get(0).transactionUid());
        assertThat(asked.get(0).callingAeTitle()).isEqualTo("ZORGBRUG");
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(gateway.jobs.instances(done.id())).hasSize(3)
                .allSatisfy(i -> assertThat(i.committed()).as(i.sopInstanceUid()).isTrue())
                .allSatisfy(i -> assertThat(i.acknowledged()).isTrue());
        assertThat(gateway.jobs.events()).anyMatch(e -> e.contains("waiting for the storage commitment report of umcx"));
        // Originals leave the spool only once committed.
        assertThat(gateway.spool.forRoute("export-umcx").find("2.25.7101", "2.25.7101.1")).isEmpty();
        try (var files = Files.list(received)) {
            assertThat(files.count()).isEqualTo(3);
        }
        assertThat(gateway.commitments.outstanding()).isEmpty();
    }

    @Test
    void aPermanentFailureReasonFailsTheJobWithTheReason() throws Exception {
        gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMinutes(10));
        int port = receiver(tmp.resolve("received"), r -> new StorageCommitment.Result(r.transactionUid(), List.of(),
                List.of(new StorageCommitment.Failure(r.references().get(0),
                        StorageCommitment.REFERENCED_SOP_CLASS_NOT_SUPPORTED))), false);
        book(port);
        sendStudy("2.25.7102", 1);

        Job failed = gateway.awaitJob(Direction.EXPORT, JobState.FAILED);
        assertThat(failed.reason()).contains("0x0122").contains("not supported");
        assertThat(failed.retryAt()).as("a permanent failure is not retried by itself").isNull();
        assertThat(asked).hasSize(1);
        assertThat(gateway.jobs.instances(failed.id())).singleElement()
                .satisfies(i -> assertThat(i.committed()).isFalse());
        // Not committed: the original stays in the spool for a person to decide.
        assertThat(gateway.spool.forRoute("export-umcx").find("2.25.7102", "2.25.7102.1")).isPresent();
    }

    @Test
    void noReportWithinTheTimeoutIsRetriedWithANewRequest() throws Exception {
        gateway = new TestGateway(tmp.resolve("gw"), Duration.ofMillis(300), Duration.ofMillis(1500));
        int port = receiver(tmp.resolve("received"), CommitmentDeliveryTest::all, true);
        book(port);
        sendStudy("2.25.7103", 1);

        long deadline = System.currentTimeMillis() + 30_000;
        while (asked.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(asked).as("the job asks again after the timeout").hasSizeGreaterThanOrEqualTo(2);
        assertThat(asked.get(1).transactionUid()).isNotEqualTo(asked.get(0).transactionUid());
        assertThat(gateway.jobs.events()).noneMatch(e -> e.contains(" DONE"));
        Job job = exportJob();
        assertThat(job.state()).isNotEqualTo(JobState.DONE);
        assertThat(gateway.jobs.instances(job.id())).allSatisfy(i -> assertThat(i.committed()).isFalse());
        assertThat(job.attempts()).isGreaterThanOrEqualTo(1);
    }
}

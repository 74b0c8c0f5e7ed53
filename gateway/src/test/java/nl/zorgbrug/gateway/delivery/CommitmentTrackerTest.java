package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.StorageCommitment;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;

/**
 * The tracker alone, against an SCP that answers the N-ACTION but keeps its report for the test to hand
 * over (as if it came later on a new association): the job waits IN_PROGRESS with the transaction in its
 * reason; the report makes it DONE; a late or repeated report, or one for a job a person cancelled
 * meanwhile, changes nothing.
 */
class CommitmentTrackerTest {
    final InMemoryJobRepository jobs = new InMemoryJobRepository();
    final JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC());
    final BlockingQueue<StorageCommitment.Result> held = new LinkedBlockingQueue<>();
    CommitmentTracker tracker;
    Acceptor scp;
    Institution umcx;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path spoolDir;

    @BeforeEach
    void start() throws Exception {
        StorageCommitment.Provider provider = new StorageCommitment.Provider() {
            @Override
            public StorageCommitment.Result commit(StorageCommitment.Request r) {
                return new StorageCommitment.Result(r.transactionUid(), r.references(), List.of());
            }

            @Override
            public void reportLater(StorageCommitment.Request request, StorageCommitment.Result result) {
                held.add(result);
            }
        };
        DicomServer server = new DicomServer(Map.of("REMOTE", Set.of()), null)
                .withCommitmentProvider(provider, Duration.ofSeconds(5));
        scp = new Acceptor(server, server, AssociationOptions.DEFAULT, 5).start(InetAddress.getLoopbackAddress(), 0);
        umcx = new Institution("umcx", "UMC X", null, null, null, "REMOTE", "127.0.0.1", scp.port(), false, null, null,
                null, true, null);
        SpoolCleanup cleanup = new SpoolCleanup(new Spool(spoolDir), jobs,
                job -> new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of()));
        tracker = new CommitmentTracker(new CommitmentTracker.Settings(manager, jobs, cleanup, "ZORGBRUG",
                Duration.ofMinutes(10), Duration.ofMillis(200), Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        tracker.close();
        scp.close();
    }

    /** A job with one instance the receiver acknowledged, being delivered. */
    Job delivered() {
        Job job = manager.accept("2.25.8101", "umcx", Direction.EXPORT, null,
                new JobInstance(0, "2.25.8101.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        Job started = manager.start(job);
        jobs.updateInstance(jobs.instances(job.id()).get(0).answered(0, true));
        return started;
    }

    @Test
    void theJobWaitsForTheReportAndALateCopyChangesNothing() throws Exception {
        Job waiting = tracker.request(delivered(), umcx.key(), umcx.dicom().orElseThrow(), new Connector(AssociationOptions.DEFAULT));
        assertThat(waiting.state()).isEqualTo(JobState.IN_PROGRESS);
        StorageCommitment.Result report = held.poll(10, TimeUnit.SECONDS);
        assertThat(report).isNotNull();
        assertThat(waiting.reason()).contains("waiting for the storage commitment report of umcx")
                .contains(report.transactionUid());
        assertThat(tracker.outstanding()).containsExactly(report.transactionUid());

        tracker.committed(report, "REMOTE");
        Job done = manager.get(waiting.id());
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(jobs.instances(done.id())).singleElement().satisfies(i -> assertThat(i.committed()).isTrue());
        assertThat(tracker.outstanding()).isEmpty();

        tracker.committed(report, "REMOTE");
        assertThat(manager.get(waiting.id())).isEqualTo(done);
    }

    @Test
    void aReportForAJobAPersonCancelledMeanwhileIsIgnored() throws Exception {
        Job waiting = tracker.request(delivered(), umcx.key(), umcx.dicom().orElseThrow(), new Connector(AssociationOptions.DEFAULT));
        StorageCommitment.Result report = held.poll(10, TimeUnit.SECONDS);
        manager.cancel(waiting.id(), "olga");
        tracker.committed(report, "REMOTE");
        assertThat(manager.get(waiting.id()).state()).isEqualTo(JobState.CANCELLED);
        assertThat(jobs.instances(waiting.id())).singleElement().satisfies(i -> assertThat(i.committed()).isFalse());
    }

    @Test
    void aReportOfAnEarlierAttemptDoesNotFinishAJobBeingSentAgain() throws Exception {
        Job waiting = tracker.request(delivered(), umcx.key(), umcx.dicom().orElseThrow(), new Connector(AssociationOptions.DEFAULT));
        StorageCommitment.Result report = held.poll(10, TimeUnit.SECONDS);
        // A person retries it, and the runner takes it again: IN_PROGRESS, but not waiting for that transaction.
        manager.retry(waiting.id(), "olga");
        Job again = manager.start(manager.get(waiting.id()));
        tracker.committed(report, "REMOTE");
        assertThat(manager.get(again.id()).state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(jobs.instances(again.id())).singleElement().satisfies(i -> assertThat(i.committed()).isFalse());
    }

    @Test
    void failureReasonsOfPs34AreTransientOrPermanent() {
        StorageCommitment.Reference ref = new StorageCommitment.Reference("1.2.840.10008.5.1.4.1.1.2", "2.25.1");
        for (int transient1 : List.of(0x0110, 0x0112, 0x0213, 0x0131)) {
            Failure f = CommitmentTracker.classify("umcx", new StorageCommitment.Failure(ref, transient1));
            assertThat(f.permanent()).as(Integer.toHexString(transient1)).isFalse();
            assertThat(f.reason()).contains("umcx").contains("2.25.1").contains(String.format("0x%04X", transient1));
        }
        for (int permanent : List.of(0x0119, 0x0122, 0x0999)) {
            Failure f = CommitmentTracker.classify("umcx", new StorageCommitment.Failure(ref, permanent));
            assertThat(f.permanent()).as(Integer.toHexString(permanent)).isTrue();
            assertThat(f.reason()).contains(String.format("0x%04X", permanent));
        }
    }
}

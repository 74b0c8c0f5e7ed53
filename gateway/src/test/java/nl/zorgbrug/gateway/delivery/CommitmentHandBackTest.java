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
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.StorageCommitment;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.JobEvents;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.Leases;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * Issue 22, drain: two nodes on one job store. Node a delivered a job and waits for the receiver's storage commitment
 * report (PS3.4 J.3.3) when it is stopped: the job is handed back — WAITING, due now, its lease cleared, no attempt
 * counted, its instances acknowledged and not committed — instead of staying held until the lease passes. The report
 * of a's transaction, arriving at a afterwards, changes nothing. Node b claims the job at once and asks for the
 * commitment again (a new transaction, nothing sent again); its report makes the job DONE.
 */
class CommitmentHandBackTest {
    private final InMemoryJobRepository jobs = new InMemoryJobRepository();
    private final RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5), 3);
    private final JobManager nodeA = node("a");
    private final JobManager nodeB = node("b");
    private final BlockingQueue<StorageCommitment.Result> reports = new LinkedBlockingQueue<>();
    private final BlockingQueue<StorageCommitment.Request> asked = new LinkedBlockingQueue<>();
    private Acceptor scp;
    private Institution umcx;
    private CommitmentTracker trackerA;
    private CommitmentTracker trackerB;
    @TempDir
    java.nio.file.Path spoolDir;

    private JobManager node(String id) {
        return new JobManager(jobs, retry, Clock.systemUTC(), Transactions.none(), JobAlerts.logged(),
                JobEvents.none(), Leases.alone(id));
    }

    private CommitmentTracker tracker(JobManager manager) throws java.io.IOException {
        SpoolCleanup cleanup = new SpoolCleanup(new Spool(spoolDir), jobs,
                job -> new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of()));
        return new CommitmentTracker(new CommitmentTracker.Settings(manager, jobs, cleanup, "ZORGBRUG",
                Duration.ofMinutes(10), Duration.ofMillis(200), Clock.systemUTC()));
    }

    @BeforeEach
    void start() throws Exception {
        StorageCommitment.Provider provider = new StorageCommitment.Provider() {
            @Override
            public StorageCommitment.Result commit(StorageCommitment.Request r) {
                asked.add(r);
                return new StorageCommitment.Result(r.transactionUid(), r.references(), List.of());
            }

            @Override
            public void reportLater(StorageCommitment.Request request, StorageCommitment.Result result) {
                reports.add(result);
            }
        };
        DicomServer server = new DicomServer(Map.of("REMOTE", Set.of()), null)
                .withCommitmentProvider(provider, Duration.ofSeconds(5));
        scp = new Acceptor(server, server, AssociationOptions.DEFAULT, 5).start(InetAddress.getLoopbackAddress(), 0);
        umcx = new Institution("umcx", "UMC X", null, null, null, "REMOTE", "127.0.0.1", scp.port(), false, null, null,
                null, true, null);
        trackerA = tracker(nodeA);
        trackerB = tracker(nodeB);
    }

    @AfterEach
    void stop() {
        trackerA.close();
        trackerB.close();
        scp.close();
    }

    @Test
    void aJobWaitingForItsCommitmentReportIsHandedBackAndTheNextHolderAsksAgain() throws Exception {
        Job job = nodeA.accept("2.25.2281", "umcx", Direction.EXPORT, null,
                new JobInstance(0, "2.25.2281.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        assertThat(nodeA.claim(Clock.systemUTC().instant(), 10)).extracting(Job::id).containsExactly(job.id());
        Job started = nodeA.start(job);
        nodeA.recordInstance(jobs.instances(job.id()).get(0).answered(0, true));
        Job waiting = trackerA.request(started, "umcx", umcx.dicom().orElseThrow(),
                new Connector(AssociationOptions.DEFAULT));
        StorageCommitment.Result firstReport = reports.poll(10, TimeUnit.SECONDS);
        assertThat(firstReport).isNotNull();
        assertThat(waiting.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(jobs.leaseHolder(job.id(), Clock.systemUTC().instant())).contains("a");
        // A job node a is still sending (IN_PROGRESS, no reason) is not handed back by this: its delivery does that.
        Job sending = nodeA.accept("2.25.2282", "umcx", Direction.EXPORT, null,
                new JobInstance(0, "2.25.2282.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        nodeA.claim(Clock.systemUTC().instant(), 10);
        nodeA.start(sending);

        // Node a is stopped.
        List<Job> back = nodeA.handBackWaiting(Set.of(), "node a is stopping (drain); another node goes on with it");
        assertThat(back).extracting(Job::id).containsExactly(job.id());
        Job handedBack = jobs.find(job.id()).orElseThrow();
        assertThat(handedBack.state()).isEqualTo(JobState.WAITING);
        assertThat(handedBack.attempts()).as("no attempt counted").isZero();
        assertThat(handedBack.reason()).startsWith("handed back: node a is stopping")
                .contains("waiting for the storage commitment report of umcx");
        assertThat(handedBack.isDue(Clock.systemUTC().instant())).isTrue();
        assertThat(jobs.leaseHolder(job.id(), Clock.systemUTC().instant())).as("the lease is cleared").isEmpty();
        assertThat(jobs.instances(job.id())).singleElement()
                .satisfies(i -> assertThat(i.acknowledged() && !i.committed()).isTrue());
        assertThat(jobs.find(sending.id()).orElseThrow().state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(jobs.leaseHolder(sending.id(), Clock.systemUTC().instant())).contains("a");

        // The report of a's transaction comes to a after all: the job no longer waits for it there.
        trackerA.committed(firstReport, "REMOTE");
        assertThat(jobs.find(job.id()).orElseThrow()).isEqualTo(handedBack);
        assertThat(jobs.instances(job.id())).singleElement().satisfies(i -> assertThat(i.committed()).isFalse());
        assertThat(jobs.events()).as("the history tells no report the job did not act on")
                .noneMatch(e -> e.contains(" job " + job.id() + " system commitment "));

        // Node b claims it at once (not after a's lease) and asks again: a new transaction, the same instance.
        assertThat(nodeB.claim(Clock.systemUTC().instant(), 10)).extracting(Job::id).containsExactly(job.id());
        Job again = nodeB.start(jobs.find(job.id()).orElseThrow());
        StorageCommitment.Request firstAsk = asked.poll(1, TimeUnit.SECONDS);
        trackerB.request(again, "umcx", umcx.dicom().orElseThrow(), new Connector(AssociationOptions.DEFAULT));
        StorageCommitment.Request secondAsk = asked.poll(10, TimeUnit.SECONDS);
        assertThat(secondAsk.transactionUid()).isNotEqualTo(firstAsk.transactionUid());
        assertThat(secondAsk.references()).extracting(StorageCommitment.Reference::sopInstanceUid)
                .containsExactly("2.25.2281.1");
        StorageCommitment.Result secondReport = reports.poll(10, TimeUnit.SECONDS);
        trackerB.committed(secondReport, "REMOTE");
        assertThat(jobs.events()).filteredOn(e -> e.contains(" job " + job.id() + " system commitment ")).singleElement()
                .asString().contains(secondReport.transactionUid());
        Job done = jobs.find(job.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(jobs.instances(job.id())).singleElement().satisfies(i -> assertThat(i.committed()).isTrue());
        assertThat(jobs.leaseHolder(job.id(), Clock.systemUTC().instant())).isEmpty();
    }

    @Test
    void aWaitingJobWhoseLeaseAnotherNodeTookIsNotHandedBack() throws Exception {
        Job job = nodeA.accept("2.25.2283", "umcx", Direction.EXPORT, null,
                new JobInstance(0, "2.25.2283.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        nodeA.claim(Clock.systemUTC().instant(), 10);
        Job started = nodeA.start(job);
        nodeA.inProgress(started, "waiting for the storage commitment report of umcx (transaction 2.25.9)");
        // A job a's delivery still works on is left to that delivery.
        assertThat(nodeA.handBackWaiting(Set.of(job.id()), "node a is stopping")).isEmpty();
        assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.IN_PROGRESS);
        // b took it over after a's lease passed (as if a had paused longer than its lease): not a's to hand back.
        java.time.Instant later = Clock.systemUTC().instant().plusSeconds(31);
        assertThat(nodeB.claim(later, 10)).extracting(Job::id).containsExactly(job.id());
        assertThat(nodeA.handBackWaiting(Set.of(), "node a is stopping")).isEmpty();
        assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(jobs.leaseHolder(job.id(), later)).contains("b");
    }
}

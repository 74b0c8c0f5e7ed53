package nl.zorgbrug.gateway.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.gateway.addressbook.InMemoryAddressBook;
import nl.zorgbrug.gateway.delivery.Arrivals;
import nl.zorgbrug.gateway.delivery.CommitmentTracker;
import nl.zorgbrug.gateway.delivery.CStoreTransport;
import nl.zorgbrug.gateway.delivery.JobDelivery;
import nl.zorgbrug.gateway.delivery.SpoolCleanup;
import nl.zorgbrug.gateway.delivery.StowRsTransport;
import nl.zorgbrug.gateway.delivery.Transport;
import nl.zorgbrug.gateway.delivery.Transports;
import nl.zorgbrug.gateway.delivery.JobRunner;
import nl.zorgbrug.gateway.inbound.CommitmentScp;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.inbound.EmergencyWakeUp;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.CharsetCheck;
import nl.zorgbrug.gateway.route.Classify;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.Swap;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * A gateway assembled from the plain-Java parts for end-to-end tests: an export route on ZB_EXPORT
 * to "umcx" and an urgent import route on ZB_IMPORT to "ownpacs", one test patient in the MPI. The node's
 * own AE ZORGBRUG takes storage commitment reports; the route AEs serve storage commitment as SCP.
 */
final class TestGateway implements AutoCloseable {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final String BSN = "999911120";
    /** A PACS that leaves Issuer of Patient ID empty: the export route takes its Patient IDs as local ones. */
    static final String PACS_WITHOUT_ISSUER = "PACS_NOISSUER";

    final InMemoryAddressBook book = new InMemoryAddressBook();
    final InMemoryJobRepository jobs = new InMemoryJobRepository();
    final InMemoryQuarantine quarantine = new InMemoryQuarantine();
    final Acceptor acceptor;
    final JobRunner runner;
    final List<Route> routes;
    final JobManager manager;
    /** Every job the manager raised an alert for (FAILED for good, or HELD). */
    final List<Job> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
    final CommitmentTracker commitments;
    final CommitmentScp commitmentScp;
    final Spool spool;
    final EventHub events;
    final Intake intake;
    /** The route each job belongs to (export or import), as the delivery and the spool cleanup ask. */
    final java.util.function.Function<Job, Route> routeOf;

    TestGateway(Path dir) throws IOException {
        this(dir, Duration.ofMillis(300), Duration.ofMinutes(10));
    }

    /**
     * @param quietTime          study completeness of the export route
     * @param commitmentTimeout  how long delivery waits for a storage commitment report
     */
    TestGateway(Path dir, Duration quietTime, Duration commitmentTimeout) throws IOException {
        this(dir, quietTime, commitmentTimeout, (java.util.function.Function<TestGateway, Transport<?>>) gw -> null);
    }

    /** @param more one more transport (a test's own channel) */
    TestGateway(Path dir, Duration quietTime, Duration commitmentTimeout, Transport<?> more) throws IOException {
        this(dir, quietTime, commitmentTimeout, (java.util.function.Function<TestGateway, Transport<?>>) gw -> more);
    }

    /**
     * @param more makes one more transport (a test's own channel) from this gateway's job manager, repository and
     *             spool, which it may use (they are made before it is called); null from it for none
     */
    TestGateway(Path dir, Duration quietTime, Duration commitmentTimeout,
                java.util.function.Function<TestGateway, Transport<?>> more) throws IOException {
        CsvMasterPatientIndex mpi = CsvMasterPatientIndex.inMemory(List.of(new MpiPatient("PAT-0042", LOCAL_ISSUER,
                Bsn.parse(BSN), BsnStatus.VALIDATED, "Vries", "Ëlla", "19700101", "F")));
        SwapPolicy policy = SwapPolicy.of(LOCAL_ISSUER);
        BsnClassifier classifier = new BsnClassifier(ExemptionRules.none());
        Route export = new Route("export-umcx", "ZB_EXPORT", Direction.EXPORT, "umcx", false,
                List.of(new CharsetCheck(), new Classify(classifier), Swap.export(policy, mpi, Set.of(PACS_WITHOUT_ISSUER))));
        Route importing = new Route("import", "ZB_IMPORT", Direction.IMPORT, "ownpacs", true,
                List.of(new CharsetCheck(), new Classify(classifier), Swap.importing(policy, mpi)));
        routes = List.of(export, importing);
        Clock clock = Clock.systemUTC();
        // Short backoff, and enough attempts (about 9 s of retries) for a test to restart a stopped destination in time.
        Transactions transactions = Transactions.none();
        events = EventHub.inMemory(transactions);
        manager = new JobManager(jobs, new RetryPolicy(Duration.ofMillis(200), 2, Duration.ofSeconds(2), 8), clock,
                transactions, job -> {
                    alerts.add(job);
                    JobAlerts.logged().raised(job);
                }, events);
        spool = new Spool(dir.resolve("spool"));
        Arrivals arrivals = new Arrivals();
        routeOf = job -> job.direction() == Direction.EXPORT ? export : importing;
        commitments = new CommitmentTracker(new CommitmentTracker.Settings(manager, jobs,
                new SpoolCleanup(spool, jobs, routeOf), "ZORGBRUG", commitmentTimeout, Duration.ofSeconds(1), clock));
        CStoreTransport cStore = CStoreTransport.builder("ZORGBRUG", new Connector(AssociationOptions.DEFAULT))
                .emergency(arrivals, Duration.ofSeconds(2)).commitments(commitments).build();
        Transports transports = Transports.of(cStore, new StowRsTransport(dir.resolve("work")));
        Transport<?> plugged = more.apply(this);
        if (plugged != null) {
            transports = transports.with(plugged);
        }
        JobDelivery delivery = new JobDelivery(new JobDelivery.Parts(spool, book, routeOf, manager, jobs, transports,
                clock));
        runner = new JobRunner(jobs, delivery, clock, Duration.ofMillis(100), 2).start();
        events.subscribe(new EmergencyWakeUp(arrivals, runner::wake));
        intake = new Intake(new Intake.Parts(spool, List.of(export, importing), manager, jobs, quarantine, quietTime,
                clock, events));
        GatewayStoreHandler handler = new GatewayStoreHandler(intake);
        DicomServer server = new DicomServer(Map.of("ZB_EXPORT", Set.of(), "ZB_IMPORT", Set.of(), "ZORGBRUG", Set.of()),
                handler).withCommitmentHandler(commitments);
        commitmentScp = new CommitmentScp(spool, routes, jobs, manager, book, new Connector(AssociationOptions.DEFAULT),
                null, job -> runner.wake());
        server = server.withCommitmentProvider(commitmentScp, Duration.ofMillis(500));
        acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 50).start(InetAddress.getLoopbackAddress(), 0);
    }

    int port() {
        return acceptor.port();
    }

    Job awaitJob(Direction direction, JobState state) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (Job j : jobs.search(JobQuery.lastTwoWeeks(Instant.now().plusSeconds(1)))) {
                if (j.direction() == direction && j.state() == state) {
                    return j;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + direction + " job became " + state + ": "
                + jobs.search(JobQuery.lastTwoWeeks(Instant.now().plusSeconds(1))));
    }

    @Override
    public void close() {
        runner.close();
        acceptor.close();
        commitments.close();
        commitmentScp.close();
    }
}

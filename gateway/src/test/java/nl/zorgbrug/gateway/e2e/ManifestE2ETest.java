package nl.zorgbrug.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.classify.BsnClassifier;
import nl.zorgbrug.bsn.classify.ExemptionRules;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.CsvMasterPatientIndex;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.AcceptorPolicy;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.gateway.addressbook.InMemoryAddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.delivery.Arrivals;
import nl.zorgbrug.gateway.delivery.CStoreTransport;
import nl.zorgbrug.gateway.delivery.JobDelivery;
import nl.zorgbrug.gateway.delivery.Transports;
import nl.zorgbrug.gateway.delivery.JobRunner;
import nl.zorgbrug.gateway.events.EventHub;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.inbound.EmergencyWakeUp;
import nl.zorgbrug.gateway.inbound.GatewayStoreHandler;
import nl.zorgbrug.gateway.inbound.Intake;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.JobAlerts;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.job.Transactions;
import nl.zorgbrug.gateway.manifest.InMemoryManifestRepository;
import nl.zorgbrug.gateway.manifest.ManifestBuilder;
import nl.zorgbrug.gateway.manifest.ManifestPolicy;
import nl.zorgbrug.gateway.manifest.ManifestReceiver;
import nl.zorgbrug.gateway.manifest.ManifestSender;
import nl.zorgbrug.gateway.manifest.Reconciliation;
import nl.zorgbrug.gateway.manifest.StudyManifest;
import nl.zorgbrug.gateway.quarantine.InMemoryQuarantine;
import nl.zorgbrug.gateway.route.CharsetCheck;
import nl.zorgbrug.gateway.route.Classify;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.route.Swap;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * Two Zorgbrug nodes in one JVM between dcmtk peers: hospital A exports a study with a remark and a referral
 * reason to hospital B; B imports it into its PACS (dcmtk storescp). B's quiet time is an hour, so only the
 * manifest can make B's job due within the test: it must carry the remark to B's job, announce every
 * instance, reach the PACS itself, and never carry A's local patient ID in (0010,0020).
 */
class ManifestE2ETest {
    static final String ISSUER_A = "2.16.528.1.1007.99.1";
    static final String ISSUER_B = "2.16.528.1.1007.99.2";
    static final String BSN = "999911120";
    static final String REMARK = "Graag vandaag beoordelen — pijn rechts sinds één week";
    static final String REFERRAL = "Verdenking longembolie";

    @TempDir
    Path tmp;

    private final List<Process> peers = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<DataSet> manifestsAtB = new CopyOnWriteArrayList<>();
    private Node a;
    private Node b;
    private Path pacsDir;

    /** One node: jobs, spool, delivery with the manifest sender, C-STORE SCP with the manifest receiver. */
    final class Node {
        final InMemoryJobRepository jobs = new InMemoryJobRepository();
        final InMemoryManifestRepository manifests = new InMemoryManifestRepository();
        final InMemoryAddressBook book = new InMemoryAddressBook();
        final JobManager manager;
        final Acceptor acceptor;

        Node(Path dir, String aeTitle, Route route, Duration quiet, ManifestPolicy policy) throws IOException {
            this(dir, aeTitle, route, quiet, policy, false);
        }

        /** @param refuseKeyObjects a receiver that does not support Key Object Selection Document Storage */
        Node(Path dir, String aeTitle, Route route, Duration quiet, ManifestPolicy policy, boolean refuseKeyObjects)
                throws IOException {
            Clock clock = Clock.systemUTC();
            Transactions transactions = Transactions.none();
            EventHub events = EventHub.inMemory(transactions);
            manager = new JobManager(jobs, new RetryPolicy(Duration.ofMillis(200), 2, Duration.ofSeconds(2), 5), clock,
                    transactions, JobAlerts.logged(), events);
            Spool spool = new Spool(dir.resolve("spool"));
            ManifestSender sender = new ManifestSender(spool, jobs, manifests, name -> policy, aeTitle, clock);
            // An emergency route keeps its association a moment for the next slice: one burst, one manifest.
            Arrivals arrived = new Arrivals();
            Duration linger = route.urgent() ? Duration.ofSeconds(1) : Duration.ZERO;
            CStoreTransport cStore = CStoreTransport.builder(aeTitle, new Connector(AssociationOptions.DEFAULT))
                    .emergency(arrived, linger).lastInstances(sender).build();
            JobDelivery delivery = new JobDelivery(new JobDelivery.Parts(spool, book, job -> route, manager, jobs,
                    Transports.of(cStore), clock));
            JobRunner runner = new JobRunner(jobs, delivery, clock, Duration.ofMillis(100), 2).start();
            events.subscribe(event -> {
                if (event instanceof GatewayEvent.JoinedJob joined) {
                    DataSet object = Part10Reader.read(Path.of(joined.spoolPath())).dataSet();
                    if (ManifestBuilder.isManifest(object)) {
                        manifestsAtB.add(object);
                    }
                }
            });
            events.subscribe(new ManifestReceiver(manager, jobs, manifests, clock));
            events.subscribe(new EmergencyWakeUp(arrived, runner::wake));
            GatewayStoreHandler handler = new GatewayStoreHandler(new Intake(new Intake.Parts(spool, List.of(route),
                    manager, jobs, new InMemoryQuarantine(), quiet, clock, events)));
            DicomServer server = new DicomServer(Map.of(route.calledAeTitle(), Set.of()), handler);
            AcceptorPolicy accepting = !refuseKeyObjects ? server : new AcceptorPolicy() {
                @Override
                public Set<String> allowedCallers(String calledAeTitle) {
                    return server.allowedCallers(calledAeTitle);
                }

                @Override
                public List<String> transferSyntaxes(String abstractSyntax) {
                    return abstractSyntax.equals(ManifestBuilder.KEY_OBJECT_SELECTION) ? List.of()
                            : server.transferSyntaxes(abstractSyntax);
                }
            };
            acceptor = new Acceptor(accepting, server, AssociationOptions.DEFAULT, 20)
                    .start(InetAddress.getLoopbackAddress(), 0);
            closing.add(runner);
            closing.add(acceptor);
        }

        Job await(Direction direction, JobState state) throws InterruptedException {
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
    }

    private void start(ManifestPolicy policy) throws Exception {
        start(policy, false);
    }

    private void start(ManifestPolicy policy, boolean bRefusesKeyObjects) throws Exception {
        start(policy, bRefusesKeyObjects, false);
    }

    /** @param urgentExport A's export route is an emergency route (each image forwarded as it arrives) */
    private void start(ManifestPolicy policy, boolean bRefusesKeyObjects, boolean urgentExport) throws Exception {
        Dcmtk.require();
        pacsDir = Files.createDirectories(tmp.resolve("pacs"));
        int pacsPort = Dcmtk.freePort();
        peers.add(Dcmtk.storescp("PACS_B", pacsPort, pacsDir, tmp.resolve("pacs.log")));
        BsnClassifier classifier = new BsnClassifier(ExemptionRules.none());

        CsvMasterPatientIndex mpiB = CsvMasterPatientIndex.inMemory(List.of(new MpiPatient("B-7777", ISSUER_B,
                Bsn.parse(BSN), BsnStatus.VALIDATED, "Vries", "Ëlla", "19700101", "F")));
        Route importing = new Route("import", "ZB_IMPORT", Direction.IMPORT, "ownpacs", false, List.of(new CharsetCheck(),
                new Classify(classifier), Swap.importing(SwapPolicy.of(ISSUER_B), mpiB)));
        b = new Node(tmp.resolve("b"), "NODE_B", importing, Duration.ofHours(1), policy, bRefusesKeyObjects);
        b.book.save(new Institution("ownpacs", "PACS B", null, null, ISSUER_B, "PACS_B", "127.0.0.1", pacsPort, false,
                null, null, null));

        CsvMasterPatientIndex mpiA = CsvMasterPatientIndex.inMemory(List.of(new MpiPatient("PAT-0042", ISSUER_A,
                Bsn.parse(BSN), BsnStatus.VALIDATED, "Vries", "Ëlla", "19700101", "F")));
        Route export = new Route("export-b", "ZB_EXPORT", Direction.EXPORT, "nodeb", urgentExport, List.of(new CharsetCheck(),
                new Classify(classifier), Swap.export(SwapPolicy.of(ISSUER_A), mpiA)));
        a = new Node(tmp.resolve("a"), "NODE_A", export, Duration.ofMillis(300), policy);
        a.book.save(new Institution("nodeb", "Ziekenhuis B", null, null, ISSUER_B, "ZB_IMPORT", "127.0.0.1",
                b.acceptor.port(), false, null, null, null));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        peers.forEach(Process::destroy);
    }

    private List<Path> study(String study, int n) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in-" + study));
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            files.add(GatewayDcmtkTest.ct(in, "ct" + i, "PAT-0042", ISSUER_A, study, i, false));
        }
        return files;
    }

    private List<Path> pacsFiles(int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            List<Path> files;
            try (Stream<Path> s = Files.list(pacsDir)) {
                files = s.filter(p -> p.toString().endsWith(".dcm")).toList();
            }
            if (files.size() >= expected || System.currentTimeMillis() > deadline) {
                Thread.sleep(200);
                try (Stream<Path> s = Files.list(pacsDir)) {
                    return s.filter(p -> p.toString().endsWith(".dcm")).toList();
                }
            }
            Thread.sleep(100);
        }
    }

    @Test
    void theRemarkTravelsWithTheStudyAndTheReceiverForwardsAsSoonAsEveryAnnouncedInstanceIsIn() throws Exception {
        start(ManifestPolicy.WITH_REMARK);
        String study = "2.25.55501";
        // A person sends the study with a remark and referral reason (what StudySender does before its C-MOVE).
        a.manager.announce(study, "nodeb", Direction.EXPORT, REMARK, REFERRAL, "huisarts");
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", a.acceptor.port(), study(study, 3))).isZero();

        // A: the three images and, last, the manifest, all acknowledged by B: the delivery proof.
        Job sent = a.await(Direction.EXPORT, JobState.DONE);
        List<JobInstance> sentInstances = a.jobs.instances(sent.id());
        assertThat(sentInstances).hasSize(4).allMatch(JobInstance::acknowledged);
        StudyManifest announced = a.manifests.find(sent.id()).orElseThrow();
        assertThat(announced.sopInstanceUids()).containsExactlyInAnyOrder(study + ".1", study + ".2", study + ".3");
        assertThat(sentInstances).anyMatch(i -> i.sopInstanceUid().equals(announced.sopInstanceUid())
                && i.sopClassUid().equals(ManifestBuilder.KEY_OBJECT_SELECTION));

        // B: the job has the remark and is delivered long before its quiet time of an hour.
        Job received = b.await(Direction.IMPORT, JobState.DONE);
        assertThat(received.remark()).isEqualTo(REMARK);
        assertThat(received.referralReason()).isEqualTo(REFERRAL);
        assertThat(Duration.between(received.created(), received.updated())).isLessThan(Duration.ofMinutes(1));
        assertThat(b.jobs.events()).anyMatch(e -> e.contains("complete") && e.contains("all 3 instances announced"));
        Reconciliation r = Reconciliation.of(b.manifests.find(received.id()).orElseThrow(), b.jobs.instances(received.id()));
        assertThat(r.manifestSopInstanceUid()).isEqualTo(announced.sopInstanceUid());
        assertThat(r.announced()).isEqualTo(3);
        assertThat(r.present()).isEqualTo(3);
        assertThat(r.missing()).isEmpty();
        assertThat(r.unannounced()).isEmpty();

        // What crossed the border: the BSN in (0010,0020), never A's local number.
        assertThat(manifestsAtB).hasSize(1);
        DataSet wire = manifestsAtB.get(0);
        assertThat(wire.getString(Tag.PatientID)).isEqualTo(BSN);
        assertThat(wire.getString(Tag.IssuerOfPatientID)).isEqualTo(Bsn.ISSUER_OID);

        // B's PACS: the images and the manifest, with B's local number, the remark in the Key Object Description.
        List<Path> got = pacsFiles(4);
        assertThat(got).hasSize(4);
        DataSet kos = null;
        for (Path f : got) {
            DataSet ds = Part10Reader.read(f).dataSet();
            assertThat(ds.getString(Tag.PatientID)).isEqualTo("B-7777");
            assertThat(ds.getString(Tag.IssuerOfPatientID)).isEqualTo(ISSUER_B);
            if (ManifestBuilder.KEY_OBJECT_SELECTION.equals(ds.getString(Tag.SOPClassUID))) {
                kos = ds;
            }
        }
        assertThat(kos).isNotNull();
        assertThat(kos.getString(Tag.StudyInstanceUID)).isEqualTo(study);
        DataSet text = kos.getSequence(Tag.ContentSequence).get(0);
        assertThat(text.getText(Tag.TextValue)).contains(REMARK).contains(REFERRAL);
        assertThat(ManifestBuilder.read(kos).orElseThrow().references()).hasSize(3);
    }

    @Test
    void withRemarkPolicyAndNoRemarkNoManifestIsSentAndTheReceiverWaitsForItsQuietTime() throws Exception {
        start(ManifestPolicy.WITH_REMARK);
        String study = "2.25.55502";
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", a.acceptor.port(), study(study, 2))).isZero();

        Job sent = a.await(Direction.EXPORT, JobState.DONE);
        assertThat(a.jobs.instances(sent.id())).hasSize(2)
                .noneMatch(i -> ManifestBuilder.KEY_OBJECT_SELECTION.equals(i.sopClassUid()));
        assertThat(a.manifests.find(sent.id())).isEmpty();

        Job waiting = b.await(Direction.IMPORT, JobState.WAITING);
        assertThat(b.jobs.instances(waiting.id())).hasSize(2);
        Thread.sleep(1000);
        Job still = b.manager.get(waiting.id());
        assertThat(still.state()).isEqualTo(JobState.WAITING);
        assertThat(still.notBefore()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
        assertThat(still.remark()).isNull();
        assertThat(b.manifests.find(waiting.id())).isEmpty();
        assertThat(manifestsAtB).isEmpty();
        assertThat(pacsFiles(0)).isEmpty();
    }

    @Test
    void alwaysPolicySendsTheManifestWithoutARemark() throws Exception {
        start(ManifestPolicy.ALWAYS);
        String study = "2.25.55503";
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", a.acceptor.port(), study(study, 2))).isZero();
        Job received = b.await(Direction.IMPORT, JobState.DONE);
        assertThat(received.remark()).isNull();
        assertThat(b.manifests.find(received.id()).orElseThrow().references()).hasSize(2);
        assertThat(pacsFiles(3)).hasSize(3);
    }

    @Test
    void aReceiverThatRefusesKeyObjectsGetsTheStudyWithoutManifestAndTheJobStillEnds() throws Exception {
        start(ManifestPolicy.ALWAYS, true);
        String study = "2.25.55504";
        a.manager.announce(study, "nodeb", Direction.EXPORT, REMARK, null, "huisarts");
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", a.acceptor.port(), study(study, 2))).isZero();

        Job sent = a.await(Direction.EXPORT, JobState.DONE);
        assertThat(a.jobs.instances(sent.id())).hasSize(2).allMatch(JobInstance::acknowledged);
        assertThat(a.manifests.find(sent.id())).isEmpty();
        assertThat(a.jobs.events()).anyMatch(e -> e.contains("manifest not sent")
                && e.contains("Key Object Selection Document Storage"));
        Job waiting = b.await(Direction.IMPORT, JobState.WAITING);
        assertThat(b.jobs.instances(waiting.id())).hasSize(2);
        assertThat(b.manager.get(waiting.id()).remark()).isNull();
        Thread.sleep(500);
        assertThat(a.manager.get(sent.id()).state()).isEqualTo(JobState.DONE);
    }

    @Test
    void onAnEmergencyRouteEachBurstEndsWithAManifestThatListsEverythingSentSoFar() throws Exception {
        start(ManifestPolicy.WITH_REMARK, false, true);
        String study = "2.25.55505";
        a.manager.announce(study, "nodeb", Direction.EXPORT, REMARK, REFERRAL, "spoedeisende hulp");
        List<Path> images = study(study, 3);

        // The first two slices: forwarded at once, and the remark with them.
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", a.acceptor.port(), images.subList(0, 2))).isZero();
        Job first = a.await(Direction.EXPORT, JobState.DONE);
        StudyManifest m1 = a.manifests.find(first.id()).orElseThrow();
        assertThat(m1.sopInstanceUids()).containsExactlyInAnyOrder(study + ".1", study + ".2");
        Job atB = b.await(Direction.IMPORT, JobState.DONE);
        assertThat(atB.remark()).isEqualTo(REMARK);
        assertThat(atB.referralReason()).isEqualTo(REFERRAL);

        // The next slice: a new manifest that lists all three replaces the first at B.
        assertThat(Dcmtk.storescu("OWNPACS", "ZB_EXPORT", a.acceptor.port(), images.subList(2, 3))).isZero();
        long deadline = System.currentTimeMillis() + 30_000;
        while (a.manifests.find(first.id()).orElseThrow().sopInstanceUids().size() < 3
                || a.manager.get(first.id()).state() != JobState.DONE) {
            assertThat(System.currentTimeMillis()).as("A sends a second manifest").isLessThan(deadline);
            Thread.sleep(50);
        }
        StudyManifest m2 = a.manifests.find(first.id()).orElseThrow();
        assertThat(m2.sopInstanceUid()).isNotEqualTo(m1.sopInstanceUid());
        assertThat(a.jobs.instances(first.id())).hasSize(5).allMatch(JobInstance::acknowledged);
        while (b.manifests.find(atB.id()).map(m -> m.sopInstanceUid().equals(m2.sopInstanceUid())).orElse(false) == false) {
            assertThat(System.currentTimeMillis()).as("B records the second manifest").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(b.manifests.find(atB.id()).orElseThrow().references()).hasSize(3);
        assertThat(manifestsAtB).hasSize(2);
    }
}

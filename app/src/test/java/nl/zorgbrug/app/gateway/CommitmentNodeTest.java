package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.app.jobs.JdbcJobRepository;
import nl.zorgbrug.app.mpi.JdbcMasterPatientIndex;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.StorageCommitment;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobQuery;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Storage commitment wired in the node (`zorgbrug serve`): our PACS (the toolkit as SCU) sends a study to
 * the export AE and asks for commitment, waiting on its association for the report; that completes the
 * study, which goes out at once despite a 30-minute quiet time, to a receiver that is a Storage
 * Commitment SCP and reports on a new association to the node's AE; only then is the job DONE.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CommitmentNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final Path dir = ConsoleBrowserTest.tempDir();
    static final BlockingQueue<StorageCommitment.Request> receiverAsked = new LinkedBlockingQueue<>();
    static Acceptor receiver;
    static int nodePort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        TestNode.basics(r, dir, "commit", LOCAL_ISSUER, "30m");
        r.add("zorgbrug.gateway.commitment-linger", () -> "300ms");
        TestNode.route(r, 0, "export-umcx", "ZB_EXPORT", "EXPORT", "umcx");
        r.add("zorgbrug.gateway.routes[0].allowed-callers", () -> "OWNPACS");
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Autowired
    Acceptor dicom;

    @Autowired
    JdbcMasterPatientIndex mpi;

    @Autowired
    AddressBook book;

    @Autowired
    JdbcJobRepository jobs;

    /** UMC X: stores, and reports commitment only on an association it opens to the caller's AE (as Orthanc does). */
    void startReceiver() throws IOException {
        Connector connector = new Connector(AssociationOptions.DEFAULT);
        StorageCommitment.Provider provider = new StorageCommitment.Provider() {
            @Override
            public StorageCommitment.Result commit(StorageCommitment.Request request) {
                receiverAsked.add(request);
                return new StorageCommitment.Result(request.transactionUid(), request.references(), List.of());
            }

            @Override
            public void reportLater(StorageCommitment.Request request, StorageCommitment.Result result) {
                try (Association as = connector.connect("127.0.0.1", dicom.port(), connector.request("UMCX",
                        request.callingAeTitle(), List.of(StorageCommitment.context(1)),
                        List.of(StorageCommitment.reportRoleSelection()), null))) {
                    assertThat(StorageCommitment.report(new Dimse(as), result)).isEqualTo(Status.SUCCESS);
                    as.release();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        };
        DicomServer server = new DicomServer(Map.of("UMCX", Set.of()), new FileStoreHandler(dir.resolve("umcx")))
                .withCommitmentProvider(provider, Duration.ofSeconds(5));
        receiver = new Acceptor(server, server, AssociationOptions.DEFAULT, 10).start(InetAddress.getLoopbackAddress(), 0);
    }

    @Test
    void ourPacsCommitmentCompletesTheStudyAndTheReceiversCommitmentMakesItDone() throws Exception {
        startReceiver();
        mpi.save(new MpiPatient("PAT-0042", LOCAL_ISSUER, Bsn.parse("999911120"), BsnStatus.VALIDATED, "Dijk", "Jürgen",
                "19811231", "M"));
        book.save(new Institution("umcx", "UMC X", null, null, null, "UMCX", "127.0.0.1", receiver.port(), false, null,
                null, null, true, null));
        Path in = Files.createDirectories(dir.resolve("in"));
        Path file = GatewayNodeTest.ct(in, "PAT-0042", LOCAL_ISSUER, "2.25.777001");
        Connector connector = new Connector(AssociationOptions.DEFAULT);
        assertThat(StoreScu.send(connector, "OWNPACS", "ZB_EXPORT", "127.0.0.1", dicom.port(), List.of(file),
                (o, d, t) -> { })).allSatisfy(o -> assertThat(o.ok()).isTrue());
        StorageCommitment.Reference ref = new StorageCommitment.Reference("1.2.840.10008.5.1.4.1.1.2",
                StoreScu.inspect(file).sopInstanceUid());
        StorageCommitment.Reference unknown = new StorageCommitment.Reference("1.2.840.10008.5.1.4.1.1.2", "2.25.777999");

        // A request naming an instance we never got: that one fails (0x0112), and the study is not complete.
        try (Association as = connector.connect("127.0.0.1", dicom.port(), connector.request("OWNPACS", "ZB_EXPORT",
                List.of(StorageCommitment.context(1)), List.of(), null))) {
            Dimse dimse = new Dimse(as);
            assertThat(StorageCommitment.request(dimse, "2.25.777100", List.of(ref, unknown))).isEqualTo(Status.SUCCESS);
            StorageCommitment.Result r = StorageCommitment.awaitReportOnThisAssociation(dimse);
            assertThat(r.committed()).containsExactly(ref);
            assertThat(r.failed()).containsExactly(new StorageCommitment.Failure(unknown,
                    StorageCommitment.NO_SUCH_OBJECT_INSTANCE));
            as.release();
        }
        Thread.sleep(1500);
        assertThat(receiverAsked).isEmpty();
        assertThat(exportJob().state()).isEqualTo(JobState.WAITING);

        // The whole study: committed, and it goes out now.
        try (Association as = connector.connect("127.0.0.1", dicom.port(), connector.request("OWNPACS", "ZB_EXPORT",
                List.of(StorageCommitment.context(1)), List.of(), null))) {
            Dimse dimse = new Dimse(as);
            assertThat(StorageCommitment.request(dimse, "2.25.777101", List.of(ref))).isEqualTo(Status.SUCCESS);
            assertThat(StorageCommitment.awaitReportOnThisAssociation(dimse).allCommitted()).isTrue();
            as.release();
        }
        StorageCommitment.Request asked = receiverAsked.poll(30, TimeUnit.SECONDS);
        assertThat(asked).as("the receiver was asked for commitment").isNotNull();
        assertThat(asked.callingAeTitle()).isEqualTo("ZORGBRUG");
        long deadline = System.currentTimeMillis() + 30_000;
        while (exportJob().state() != JobState.DONE && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Job done = exportJob();
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(jobs.instances(done.id())).singleElement().satisfies(i -> assertThat(i.committed()).isTrue());
    }

    Job exportJob() {
        return jobs.search(JobQuery.lastTwoWeeks(java.time.Instant.now().plusSeconds(1))).stream()
                .filter(j -> j.studyInstanceUid().equals("2.25.777001")).findFirst().orElseThrow();
    }
}

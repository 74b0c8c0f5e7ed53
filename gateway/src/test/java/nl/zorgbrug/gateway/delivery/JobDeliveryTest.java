package nl.zorgbrug.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.gateway.addressbook.DicomEndpoint;
import nl.zorgbrug.gateway.addressbook.Endpoint;
import nl.zorgbrug.gateway.addressbook.InMemoryAddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.addressbook.PluggedEndpoint;
import nl.zorgbrug.gateway.addressbook.StowRsEndpoint;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.InMemoryJobRepository;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.job.RetryPolicy;
import nl.zorgbrug.gateway.route.Route;
import nl.zorgbrug.gateway.spool.Spool;

/** The delivery chooses the transport by the endpoint's type and moves the job on by the transport's outcome. */
class JobDeliveryTest {
    final InMemoryJobRepository jobs = new InMemoryJobRepository();
    final JobManager manager = new JobManager(jobs, RetryPolicy.DEFAULT, Clock.systemUTC());
    final InMemoryAddressBook book = new InMemoryAddressBook();
    final List<String> used = new ArrayList<>();

    @TempDir
    Path spoolDir;

    /** A transport that records that it was chosen and ends as told. */
    private <E extends Endpoint> Transport<E> fake(Class<E> type, Outcome outcome) {
        return new Transport<>() {
            @Override
            public nl.zorgbrug.gateway.job.Channel channel() {
                return type == StowRsEndpoint.class ? nl.zorgbrug.gateway.job.Channel.STOW_RS
                        : nl.zorgbrug.gateway.job.Channel.DICOM;
            }

            @Override
            public Class<E> endpointType() {
                return type;
            }

            @Override
            public Outcome send(Shipment shipment, E to) {
                used.add(type.getSimpleName() + " to " + shipment.institution().key());
                return outcome;
            }
        };
    }

    private Job deliver(Institution to, Transports transports) throws Exception {
        book.save(to);
        Job job = manager.accept("2.25.9101", to.key(), Direction.EXPORT, null,
                new JobInstance(0, "2.25.9101.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, to.key(), false, List.of());
        return new JobDelivery(new JobDelivery.Parts(new Spool(spoolDir), book, j -> route, manager, jobs, transports,
                Clock.systemUTC())).deliver(job);
    }

    @Test
    void anEntryWithAnAeTitleAndAUrlGoesByDicom() throws Exception {
        Job job = deliver(new Institution("umcx", "UMC X", null, null, null, "UMCX", "127.0.0.1", 104, false,
                "https://umcx.test/dicom-web", null, null), Transports.of(
                fake(StowRsEndpoint.class, new Outcome.Sent()), fake(DicomEndpoint.class, new Outcome.Sent())));
        assertThat(used).containsExactly("DicomEndpoint to umcx");
        assertThat(job.state()).isNotEqualTo(JobState.FAILED);
        // The job shows the channel of the transport that took it (issue 21).
        assertThat(job.channel()).isEqualTo(nl.zorgbrug.gateway.job.Channel.DICOM);
        assertThat(jobs.search(new nl.zorgbrug.gateway.job.JobQuery(null, null, null, null, null, null, null, 0,
                nl.zorgbrug.gateway.job.Channel.STOW_RS))).isEmpty();
    }

    @Test
    void aRefusalAtDeliveryHoldsTheJob() throws Exception {
        Job job = deliver(new Institution("peer", "Peer", null, null, null, null, null, 0, false,
                "https://peer.test/dicom-web", null, null), Transports.of(
                fake(StowRsEndpoint.class, new Outcome.Held("BSN-HOLD: the MPI changed"))));
        assertThat(job.state()).isEqualTo(JobState.HELD);
        assertThat(job.reason()).contains("the MPI changed");
        assertThat(job.channel()).isEqualTo(nl.zorgbrug.gateway.job.Channel.STOW_RS);
    }

    @Test
    void aFailedAttemptFailsTheJob() throws Exception {
        Job job = deliver(new Institution("umcx", "UMC X", null, null, null, "UMCX", "127.0.0.1", 104, false,
                null, null, null), Transports.of(
                fake(DicomEndpoint.class, new Outcome.Failed(new Failure(true, "the receiver refused it")))));
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.reason()).contains("the receiver refused it");
    }

    /**
     * Issue 22: the node's own database failing under a delivery (a failover) is no failure of the receiver. The
     * delivery throws on, the job stays IN_PROGRESS, and the runner puts it back to WAITING once the database records
     * it; before, the attempt was judged "delivery failed" and the job FAILED for good (DatabaseFailoverTest).
     */
    @Test
    void theNodesDatabaseFailingBreaksTheDeliveryOffInsteadOfFailingTheJob() throws Exception {
        Transport<DicomEndpoint> databaseGone = new Transport<>() {
            @Override
            public nl.zorgbrug.gateway.job.Channel channel() {
                return nl.zorgbrug.gateway.job.Channel.DICOM;
            }

            @Override
            public Class<DicomEndpoint> endpointType() {
                return DicomEndpoint.class;
            }

            @Override
            public Outcome send(Shipment shipment, DicomEndpoint endpoint) {
                // As Spring passes on pgjdbc's error when the primary stopped under the instance's mark.
                throw new IllegalStateException("JDBC rollback failed", new java.sql.SQLException(
                        "This connection has been closed.", "08003"));
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> deliver(new Institution("umcx", "UMC X", null, null,
                        null, "UMCX", "127.0.0.1", 104, false, null, null, null), Transports.of(databaseGone)))
                .hasRootCauseInstanceOf(java.sql.SQLException.class);
        Job job = jobs.search(new nl.zorgbrug.gateway.job.JobQuery(null, null, null, null, null, null, null, 10,
                null)).get(0);
        assertThat(job.state()).isEqualTo(JobState.IN_PROGRESS);
        manager.returnBrokenOff(job.id(), "the database failed");
        assertThat(manager.get(job.id()).state()).isEqualTo(JobState.WAITING);

        // A failure of the receiver is judged as before.
        assertThat(JobDelivery.nodeDatabaseFailed(new java.io.IOException("connection reset"))).isFalse();
    }

    @Test
    void anEndpointWithoutATransportFailsForGoodWithTheReason() throws Exception {
        record Sftp(String host) implements PluggedEndpoint {
        }
        Job job = deliver(new Institution("s", "S", null, null, null, List.of(new Sftp("sftp.test")), null, null),
                Transports.of(fake(DicomEndpoint.class, new Outcome.Sent())));
        assertThat(used).isEmpty();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.reason()).contains("takes deliveries by Sftp").contains("no transport");
    }

    @Test
    void warningsAreRecordedAndAlertedOnlyWhereTheNodeIsSetTo() throws Exception {
        Institution to = new Institution("umcx", "UMC X", null, null, null, "UMCX", "127.0.0.1", 104, false, null,
                null, null);
        book.save(to);
        Transport<DicomEndpoint> warns = new Transport<>() {
            @Override
            public nl.zorgbrug.gateway.job.Channel channel() {
                return nl.zorgbrug.gateway.job.Channel.DICOM;
            }

            @Override
            public Class<DicomEndpoint> endpointType() {
                return DicomEndpoint.class;
            }

            @Override
            public Outcome send(Shipment shipment, DicomEndpoint endpoint) {
                shipment.instances().forEach(i -> shipment.answeredWithWarning(i, 0xB000, "PatientName coerced"));
                return new Outcome.Sent();
            }
        };
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of());
        List<Job> alerts = new ArrayList<>();
        for (boolean alerting : List.of(false, true)) {
            Job job = manager.accept("2.25.91" + (alerting ? 2 : 3), "umcx", Direction.EXPORT, null,
                    new JobInstance(0, "2.25.9102.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
            JobDelivery.Parts parts = new JobDelivery.Parts(new Spool(spoolDir), book, j -> route, manager, jobs,
                    Transports.of(warns), Clock.systemUTC());
            Job done = (alerting ? new JobDelivery(parts, alerts::add) : new JobDelivery(parts)).deliver(job);
            assertThat(done.state()).isEqualTo(JobState.DONE);
            assertThat(jobs.instances(done.id())).singleElement()
                    .satisfies(i -> assertThat(i.acknowledged()).isTrue())
                    .satisfies(i -> assertThat(i.status()).isEqualTo(0xB000));
            assertThat(jobs.events()).filteredOn(e -> e.contains("job " + done.id() + " system warning"))
                    .singleElement().asString().contains("0xB000 coercion of data elements (PatientName coerced)");
            assertThat(alerts).hasSize(alerting ? 1 : 0);
        }
        assertThat(alerts.get(0).reason()).contains("1 instance with a warning").contains("0xB000");
    }

    @Test
    void aJobWhoseInstancesHaveNotComeFailsInsteadOfEndingDoneWithNone() throws Exception {
        book.save(new Institution("umcx", "UMC X", null, null, null, "UMCX", "127.0.0.1", 104, false, null, null, null));
        // A person's "send study": the job is opened before its instances, which never came.
        Job announced = manager.announce("2.25.9109", "umcx", Direction.EXPORT, null, null, "operator1");
        Route route = new Route("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of());
        Job job = new JobDelivery(new JobDelivery.Parts(new Spool(spoolDir), book, j -> route, manager, jobs,
                Transports.of(fake(DicomEndpoint.class, new Outcome.Sent())), Clock.systemUTC())).deliver(announced);
        assertThat(used).isEmpty();
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.reason()).contains("no instance of the study has arrived");
        assertThat(job.retryAt()).as("instances still on their way go with the automatic retry").isNotNull();
    }
}

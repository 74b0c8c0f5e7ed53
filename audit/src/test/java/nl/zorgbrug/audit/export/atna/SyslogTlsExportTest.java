package nl.zorgbrug.audit.export.atna;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openehealth.ipf.commons.audit.codes.EventIdCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCodeRole;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.server.support.SyslogConstants;

import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.export.AuditExporter;
import nl.zorgbrug.audit.export.Backoff;
import nl.zorgbrug.audit.export.ExportCursor;
import nl.zorgbrug.audit.export.InMemoryExportCursor;
import nl.zorgbrug.audit.export.TlsContexts;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.InMemoryAuditStore;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.dicom.net.tls.TestPki;

/**
 * The ATNA export against IPF's own RFC 5425 TLS syslog server ({@link AtnaTestServer}) with mutual TLS from a test
 * CA made with openssl: messages arrive, parse as DICOM audit messages against the schema, in the trail's order;
 * while the repository is down events queue in the trail, and when it is back all of them arrive, in order, none
 * lost; an exporter made anew on the same cursor (a node restart) sends none twice.
 */
class SyslogTlsExportTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static Path trustStore;

    @BeforeAll
    static void makePki() throws Exception {
        pki = new TestPki(pkiDir);
    }

    private SyslogTlsRepository repository(int port) {
        SSLContext tls = TlsContexts.fromFiles(pki.p12("client"), TestPki.PASSWORD, trustStore, TestPki.PASSWORD);
        return new SyslogTlsRepository("127.0.0.1", port, tls, "zorgbrug-test", Duration.ofSeconds(5),
                new DicomAuditMessages("zorgbrug-test", TestEvents.OWN));
    }

    @Test
    void messagesArriveInOrderAlsoAfterTheRepositoryWasDown() throws Exception {
        try (AtnaTestServer repositoryServer = new AtnaTestServer(pki)) {
            trustStore = repositoryServer.writeTrustStore(pkiDir.resolve("repository-ca.p12"));
            int port = repositoryServer.port();
            InMemoryAuditStore store = new InMemoryAuditStore();
            AuditTrail trail = new AuditTrail(store, NodeKey.generate(), Clock.systemUTC());
            ExportCursor cursor = new InMemoryExportCursor(0);
            Backoff backoff = new Backoff(Duration.ofMillis(1), 1.0, Duration.ofMillis(1));
            SyslogTlsRepository repository = repository(port);
            AuditExporter exporter = new AuditExporter(store, trail::count, cursor, repository, backoff,
                    Clock.systemUTC(), 16);

            Bsn bsn = TestEvents.bsn(new Random(11));
            trail.record(TestEvents.full(bsn, Instant.now(), "ontvangen"));
            trail.recordAll(IntStream.rangeClosed(2, 20).mapToObj(n -> TestEvents.numbered(n, Instant.now())).toList());
            assertThat(exporter.exportDue()).isEqualTo(20);
            repositoryServer.awaitReceived(20);
            assertThat(repositoryServer.seqs()).containsExactlyElementsOf(range(1, 20));
            AuditMessage first = repositoryServer.messages().get(0);
            assertThat(first.getEventIdentification().getEventID().getCode())
                    .isEqualTo(EventIdCode.DICOMInstancesTransferred.getCode());
            assertThat(first.findParticipantObjectIdentifications(o ->
                    o.getParticipantObjectTypeCodeRole() == ParticipantObjectTypeCodeRole.Patient).get(0)
                    .getParticipantObjectID()).isEqualTo(bsn.value() + "^^^&2.16.840.1.113883.2.4.6.3&ISO");
            assertThat(repositoryServer.received().get(0).get(SyslogConstants.HEADER_APP_NAME))
                    .isEqualTo("zorgbrug-test");
            assertThat(repositoryServer.received().get(0).get(SyslogConstants.HEADER_MSG_ID)).isEqualTo("IHE+RFC-3881");

            // The repository goes down; the node goes on logging. Nothing goes out, nothing is lost.
            repositoryServer.down();
            trail.recordAll(IntStream.rangeClosed(21, 45).mapToObj(n -> TestEvents.numbered(n, Instant.now())).toList());
            for (int i = 0; i < 5; i++) {
                exporter.exportDue();
                Thread.sleep(5);
            }
            assertThat(exporter.status().failuresInARow()).isGreaterThan(1);
            assertThat(exporter.backlog()).isEqualTo(25);
            assertThat(cursor.acknowledged()).isEqualTo(20);

            // Back: everything queued arrives, in order, after the first twenty.
            repositoryServer.up();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (exporter.backlog() > 0 && System.nanoTime() < deadline) {
                exporter.exportDue();
                Thread.sleep(5);
            }
            assertThat(exporter.backlog()).isZero();
            repositoryServer.awaitReceived(45);
            assertThat(repositoryServer.seqs()).containsExactlyElementsOf(range(1, 45));

            // A node restart: a new connection and exporter on the same (kept) cursor send only what is new.
            repository.close();
            trail.recordAll(IntStream.rangeClosed(46, 48).mapToObj(n -> TestEvents.numbered(n, Instant.now())).toList());
            try (SyslogTlsRepository again = repository(port)) {
                AuditExporter restarted = new AuditExporter(store, trail::count, cursor, again, backoff,
                        Clock.systemUTC(), 16);
                assertThat(restarted.exportDue()).isEqualTo(3);
                repositoryServer.awaitReceived(48);
            }
            assertThat(repositoryServer.seqs()).containsExactlyElementsOf(range(1, 48));
            assertThat(repositoryServer.errors()).isEmpty();
        }
    }

    @Test
    void aRepositoryWithACertificateFromAnotherCaIsRefused() throws Exception {
        try (AtnaTestServer rogue = new AtnaTestServer(pki, "rogue")) {
            trustStore = rogue.writeTrustStore(pkiDir.resolve("repository-ca.p12"));
            InMemoryAuditStore store = new InMemoryAuditStore();
            AuditTrail trail = new AuditTrail(store, NodeKey.generate(), Clock.systemUTC());
            trail.record(TestEvents.numbered(1, Instant.now()));
            ExportCursor cursor = new InMemoryExportCursor(0);
            try (SyslogTlsRepository repository = repository(rogue.port())) {
                AuditExporter exporter = new AuditExporter(store, trail::count, cursor, repository,
                        new Backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(1)), Clock.systemUTC(), 16);
                assertThat(exporter.exportDue()).isZero();
                assertThat(exporter.status().lastFailure()).contains("127.0.0.1:" + rogue.port());
            }
            assertThat(cursor.acknowledged()).isZero();
            assertThat(rogue.received()).isEmpty();
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}

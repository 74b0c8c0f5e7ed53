package nl.zorgbrug.dicom.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.net.Peers;
import nl.zorgbrug.dicom.net.TestCorpus;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.AssociationOptions;
import nl.zorgbrug.dicom.net.assoc.AssociationRejectedException;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.pdu.AAssociateRj;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.StoreScu;
import nl.zorgbrug.dicom.net.service.StorageCommitment;
import nl.zorgbrug.dicom.net.service.Verification;

/**
 * DICOM TLS (PS3.15 B.9, BCP 195) with mutual authentication: ours against ours in TLS 1.2 and
 * 1.3, refusal of missing and untrusted client certificates, certificate subjects bound to calling
 * AE titles, and dcmtk's storescu/storescp with +tls against ours, with and without a valid certificate.
 */
class TlsTest {
    static final String SCP = "ZB_TLS";

    @TempDir
    static Path pkiDir;

    static TestPki pki;

    @TempDir
    Path tmp;

    Acceptor acceptor;

    @BeforeAll
    static void makePki() throws Exception {
        pki = new TestPki(pkiDir);
    }

    @AfterEach
    void stop() {
        if (acceptor != null) {
            acceptor.close();
        }
    }

    Acceptor startScp(DicomServer server) throws Exception {
        acceptor = new Acceptor(server, server, AssociationOptions.DEFAULT, 20,
                pki.config("server", true).serverSocketFactory()).start(InetAddress.getLoopbackAddress(), 0);
        return acceptor;
    }

    DicomServer storeServer(Path dir) {
        return new DicomServer(Map.of(SCP, Set.of()), new FileStoreHandler(dir));
    }

    @Test
    void storeOverTls13And12WithMutualAuthentication() throws Exception {
        Path in = tmp.resolve("in");
        startScp(storeServer(in));
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            Path f = TestCorpus.write(tmp, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 64, 64);
            Connector c = new Connector(AssociationOptions.DEFAULT,
                    pki.config("client", true).withProtocols(List.of(protocol)).withHostnameVerification(true)
                            .socketFactory());
            StoreScu.FileInfo info = StoreScu.inspect(f);
            try (Association as = c.connect("127.0.0.1", acceptor.port(),
                    c.request("ZB_SCU", SCP, StoreScu.contexts(List.of(info)), List.of(), null))) {
                SSLSocket s = (SSLSocket) as.socket();
                assertThat(s.getSession().getProtocol()).isEqualTo(protocol);
                assertThat(TlsConfig.BCP195_CIPHER_SUITES).contains(s.getSession().getCipherSuite());
                assertThat(StoreScu.store(new Dimse(as), info)).isEqualTo(Status.SUCCESS);
                as.release();
            }
            assertThat(TestCorpus.dataSetBytes(in.resolve(info.sopInstanceUid() + ".dcm")))
                    .isEqualTo(TestCorpus.dataSetBytes(f));
        }
    }

    /** The handler learns who sent the object by certificate, not only by AE title (issue 18: the sender's institution). */
    @Test
    void theStoreHandlerIsToldTheSubjectOfTheSendersCertificate() throws Exception {
        java.util.List<String> subjects = new java.util.concurrent.CopyOnWriteArrayList<>();
        startScp(new DicomServer(Map.of(SCP, Set.of()), (request, data) -> {
            data.transferTo(java.io.OutputStream.nullOutputStream());
            subjects.add(String.valueOf(request.tlsPeerSubject()));
            return Status.SUCCESS;
        }));
        Path f = TestCorpus.write(tmp, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 8, 8);
        Connector c = new Connector(AssociationOptions.DEFAULT, pki.config("client", true).socketFactory());
        StoreScu.FileInfo info = StoreScu.inspect(f);
        try (Association as = c.connect("127.0.0.1", acceptor.port(),
                c.request("ZB_SCU", SCP, StoreScu.contexts(List.of(info)), List.of(), null))) {
            assertThat(StoreScu.store(new Dimse(as), info)).isEqualTo(Status.SUCCESS);
            as.release();
        }
        assertThat(subjects).singleElement().satisfies(s -> assertThat(new javax.security.auth.x500.X500Principal(s))
                .isEqualTo(new javax.security.auth.x500.X500Principal("CN=zorgbrug-scu,O=Zorgbrug Test")));
    }

    @Test
    void clientWithoutCertificateOrWithUntrustedOneIsRefused() throws Exception {
        startScp(storeServer(tmp));
        Connector noCert = new Connector(AssociationOptions.DEFAULT, pki.config(null, true).socketFactory());
        assertThatThrownBy(() -> Verification.echo(noCert, "ZB_SCU", SCP, "127.0.0.1", acceptor.port()))
                .isInstanceOf(IOException.class);
        Connector rogue = new Connector(AssociationOptions.DEFAULT,
                TlsConfig.of(pki.keyStore("rogue"), TestPki.PASSWORD, pki.trust("ca"), true).socketFactory());
        assertThatThrownBy(() -> Verification.echo(rogue, "ZB_SCU", SCP, "127.0.0.1", acceptor.port()))
                .isInstanceOf(IOException.class);
        // The server goes on serving a client with a valid certificate.
        Connector good = new Connector(AssociationOptions.DEFAULT, pki.config("client", true).socketFactory());
        assertThat(Verification.echo(good, "ZB_SCU", SCP, "127.0.0.1", acceptor.port())).isEqualTo(Status.SUCCESS);
    }

    @Test
    void clientRefusesAServerItDoesNotTrust() throws Exception {
        startScp(storeServer(tmp));
        TlsConfig trustsOnlyRogue = TlsConfig.of(pki.keyStore("client"), TestPki.PASSWORD, pki.trust("rogue-ca"), true);
        Connector c = new Connector(AssociationOptions.DEFAULT, trustsOnlyRogue.socketFactory());
        assertThatThrownBy(() -> Verification.echo(c, "ZB_SCU", SCP, "127.0.0.1", acceptor.port()))
                .hasMessageContaining("TLS handshake");
    }

    @Test
    void certificateSubjectIsBoundToTheCallingAeTitle() throws Exception {
        startScp(storeServer(tmp).withCertificateBindings(Map.of("ZB_SCU", TestPki.subject("zorgbrug-scu"),
                "HOSPITAL_B", TestPki.subject("other-hospital"))));
        Connector client = new Connector(AssociationOptions.DEFAULT, pki.config("client", true).socketFactory());
        assertThat(Verification.echo(client, "ZB_SCU", SCP, "127.0.0.1", acceptor.port())).isEqualTo(Status.SUCCESS);
        // The same certificate may not pose as another hospital's AE title.
        assertThatThrownBy(() -> Verification.echo(client, "HOSPITAL_B", SCP, "127.0.0.1", acceptor.port()))
                .isInstanceOfSatisfying(AssociationRejectedException.class, e -> assertThat(e.rejection().reason())
                        .isEqualTo(AAssociateRj.REASON_CALLING_AE_TITLE_NOT_RECOGNIZED));
        Connector other = new Connector(AssociationOptions.DEFAULT, pki.config("other", true).socketFactory());
        assertThat(Verification.echo(other, "HOSPITAL_B", SCP, "127.0.0.1", acceptor.port())).isEqualTo(Status.SUCCESS);
    }

    @Test
    void dcmtkStorescuOverTlsToOurScp() throws Exception {
        Path in = tmp.resolve("in");
        startScp(storeServer(in));
        Path f = TestCorpus.write(tmp, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 64, 64);
        try (Peers.Proc p = Peers.start(tmp, List.of("storescu", "+tls", pki.key("client").toString(),
                pki.pem("client").toString(), "+cf", pki.pem("ca").toString(), "-aet", "DCMTK", "-aec", SCP,
                "127.0.0.1", String.valueOf(acceptor.port()), f.toString()))) {
            assertThat(p.waitFor(60)).as(p.output()).isZero();
        }
        assertThat(Files.exists(in.resolve(StoreScu.inspect(f).sopInstanceUid() + ".dcm"))).isTrue();
        // With a certificate from a CA we do not trust, storescu fails and we keep serving.
        try (Peers.Proc p = Peers.start(tmp, List.of("storescu", "+tls", pki.key("rogue").toString(),
                pki.pem("rogue").toString(), "+cf", pki.pem("ca").toString(), "-aet", "DCMTK", "-aec", SCP,
                "127.0.0.1", String.valueOf(acceptor.port()), f.toString()))) {
            assertThat(p.waitFor(60)).as(p.output()).isNotZero();
        }
        Connector good = new Connector(AssociationOptions.DEFAULT, pki.config("client", true).socketFactory());
        assertThat(Verification.echo(good, "ZB_SCU", SCP, "127.0.0.1", acceptor.port())).isEqualTo(Status.SUCCESS);
    }

    @Test
    void ourScuOverTlsToDcmtkStorescp() throws Exception {
        int port = Peers.freePort();
        Path out = tmp.resolve("storescp");
        Files.createDirectories(out);
        Path f = TestCorpus.write(tmp, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 64, 64);
        try (Peers.Proc scp = Peers.start(tmp, List.of("storescp", "+tls", pki.key("server").toString(),
                pki.pem("server").toString(), "+cf", pki.pem("ca").toString(), "-aet", "DCMTK", "-od", out.toString(),
                String.valueOf(port)))) {
            Peers.awaitListening(port, scp, 10_000);
            Connector c = new Connector(AssociationOptions.DEFAULT, pki.config("client", true).socketFactory());
            List<StoreScu.Outcome> outcomes = StoreScu.send(c, "ZB_SCU", "DCMTK", "127.0.0.1", port, List.of(f),
                    (o, d, t) -> { });
            assertThat(outcomes.get(0).ok()).as(outcomes.get(0) + "\n" + scp.output()).isTrue();
            // storescp requires a client certificate (-rc, its default): without one we get a clear failure.
            Connector noCert = new Connector(AssociationOptions.DEFAULT, pki.config(null, true).socketFactory());
            assertThatThrownBy(() -> Verification.echo(noCert, "ZB_SCU", "DCMTK", "127.0.0.1", port))
                    .isInstanceOf(IOException.class);
        }
        String iuid = StoreScu.inspect(f).sopInstanceUid();
        try (var files = Files.list(out)) {
            assertThat(files.anyMatch(p -> p.getFileName().toString().endsWith(iuid))).isTrue();
        }
    }

    /**
     * Waiting for input with a short read timeout (Association.awaitInput) must leave a TLS connection usable:
     * the SCP waits in vain for the SCU after its N-ACTION-RSP, then sends the report on the same association.
     */
    @Test
    void storageCommitmentReportOnTheSameTlsAssociationAfterAWaitThatTimedOut() throws Exception {
        StorageCommitment.Reference ref = new StorageCommitment.Reference(TestCorpus.CT_IMAGE_STORAGE, TestCorpus.newUid());
        StorageCommitment.Provider provider = new StorageCommitment.Provider() {
            @Override
            public StorageCommitment.Result commit(StorageCommitment.Request request) {
                return new StorageCommitment.Result(request.transactionUid(), request.references(), List.of());
            }

            @Override
            public void reportLater(StorageCommitment.Request request, StorageCommitment.Result result) {
                throw new AssertionError("the SCU waits on its association");
            }
        };
        Acceptor a = startScp(new DicomServer(Map.of(SCP, Set.of()), null)
                .withCommitmentProvider(provider, java.time.Duration.ofMillis(300)));
        Connector c = new Connector(AssociationOptions.DEFAULT, pki.config("client", true).socketFactory());
        String transaction = TestCorpus.newUid();
        try (Association as = c.connect("127.0.0.1", a.port(), c.request("ZB_SCU", SCP,
                List.of(StorageCommitment.context(1)), List.of(), null))) {
            Dimse dimse = new Dimse(as);
            assertThat(StorageCommitment.request(dimse, transaction, List.of(ref)))
                    .isEqualTo(Status.SUCCESS);
            // Our side too waits in vain first (timeout on the TLS socket), then reads the report.
            assertThat(as.awaitInput(50)).isFalse();
            assertThat(as.awaitInput(5_000)).isTrue();
            StorageCommitment.Result r = StorageCommitment.awaitReportOnThisAssociation(dimse);
            assertThat(r.transactionUid()).isEqualTo(transaction);
            assertThat(r.committed()).containsExactly(ref);
            as.release();
        }
    }
}

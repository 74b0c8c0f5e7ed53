package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.gateway.addressbook.AddressBook;
import nl.zorgbrug.app.mpi.JdbcMasterPatientIndex;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.tls.TestPki;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.gateway.e2e.Dcmtk;

/**
 * The node's import AE over DICOM TLS (issue 5: external AEs with TLS): another hospital's dcmtk storescu
 * with a certificate from the trusted CA gets its object imported with the local ID; a certificate from
 * another CA, or no TLS at all, is refused. The PKI is made with openssl at test time.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class TlsNodeTest {
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";
    static final Path dir = ConsoleBrowserTest.tempDir();
    static final TestPki pki = pki();
    static Process pacs;
    static int pacsPort;

    static TestPki pki() {
        try {
            return new TestPki(dir.resolve("pki"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test PKI with openssl (run .ci/run): " + e.getMessage(), e);
        }
    }

    @BeforeAll
    static void peers() throws IOException {
        Dcmtk.require();
        pacsPort = Dcmtk.freePort();
        pacs = Dcmtk.storescp("OWNPACS", pacsPort, Files.createDirectories(dir.resolve("pacs")), dir.resolve("p.log"));
    }

    @AfterAll
    static void stop() {
        if (pacs != null) {
            pacs.destroy();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws Exception {
        Path trust = dir.resolve("trusted-peers.p12");
        try (OutputStream out = Files.newOutputStream(trust)) {
            pki.trust("ca").store(out, TestPki.PASSWORD);
        }
        TestNode.basics(r, dir, "tls", LOCAL_ISSUER, "200ms");
        r.add("zorgbrug.gateway.tls.key-store", () -> pki.p12("server").toString());
        r.add("zorgbrug.gateway.tls.key-store-password", () -> "changeit");
        r.add("zorgbrug.gateway.tls.trust-store", () -> trust.toString());
        r.add("zorgbrug.gateway.tls.trust-store-password", () -> "changeit");
        r.add("zorgbrug.gateway.tls.require-client-certificate", () -> "true");
        TestNode.route(r, 0, "import", "ZB_IMPORT", "IMPORT", "ownpacs");
        r.add("zorgbrug.gateway.routes[0].allowed-callers", () -> "UMCX,MMC");
    }

    @Autowired
    Acceptor dicom;

    @Autowired
    JdbcMasterPatientIndex mpi;

    @Autowired
    AddressBook book;

    private int storescuTls(String cert, Path file) throws Exception {
        return storescuTls("UMCX", cert, file);
    }

    private int storescuTls(String aet, String cert, Path file) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("storescu"));
        if (cert != null) {
            cmd.addAll(List.of("+tls", pki.key(cert).toString(), pki.pem(cert).toString(), "+cf", pki.pem("ca").toString()));
        }
        cmd.addAll(List.of("-aet", aet, "-aec", "ZB_IMPORT", "127.0.0.1", Integer.toString(dicom.port()), file.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return p.exitValue();
    }

    @Test
    void anotherHospitalSendsOverTlsWithItsCertificate() throws Exception {
        mpi.save(new MpiPatient("PAT-88", LOCAL_ISSUER, Bsn.parse("999911120"), BsnStatus.VALIDATED, "Dijk", "Jürgen",
                "19811231", "M"));
        book.save(new Institution("ownpacs", "Eigen PACS", null, null, LOCAL_ISSUER, "OWNPACS", "127.0.0.1", pacsPort,
                false, null, null, null));
        Path in = Files.createDirectories(dir.resolve("in"));
        Path file = GatewayNodeTest.ct(in, "999911120", Bsn.ISSUER_OID, "2.25.555001");

        assertThat(storescuTls("rogue", file)).as("a certificate of another CA").isNotZero();
        assertThat(storescuTls(null, file)).as("no TLS").isNotZero();
        assertThat(storescuTls("client", file)).as("a certificate of the trusted CA").isZero();

        long deadline = System.currentTimeMillis() + 30_000;
        List<Path> atPacs = List.of();
        while (atPacs.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            try (Stream<Path> s = Files.list(dir.resolve("pacs"))) {
                atPacs = s.filter(p -> p.toString().endsWith(".dcm")).toList();
            }
        }
        assertThat(atPacs).hasSize(1);
        assertThat(Part10Reader.read(atPacs.get(0)).dataSet().getString(Tag.PatientID)).isEqualTo("PAT-88");
    }

    /**
     * Issue 5: an AE title that belongs to an institution with a certificate subject in the address book
     * must present exactly that subject; a certificate of the same trusted CA with another subject is
     * rejected, and the rejection is logged with the calling AE title and the subject presented.
     */
    @Test
    void aCallingAeBoundToACertificateSubjectMustPresentIt(CapturedOutput log) throws Exception {
        mpi.save(new MpiPatient("PAT-89", LOCAL_ISSUER, Bsn.parse("999990019"), BsnStatus.VALIDATED, "Jansen", "Piet",
                "19600101", "M"));
        book.save(new Institution("ownpacs", "Eigen PACS", null, null, LOCAL_ISSUER, "OWNPACS", "127.0.0.1", pacsPort,
                false, null, null, null));
        book.save(new Institution("mmc", "MMC", null, null, null, "MMC", "mmc.example.test", 11112, true, null, null,
                null, false, "CN=zorgbrug-scu, O=Zorgbrug Test"));
        Path in = Files.createDirectories(dir.resolve("in-bound"));
        Path file = GatewayNodeTest.ct(in, "999990019", Bsn.ISSUER_OID, "2.25.555002");

        assertThat(storescuTls("MMC", "other", file)).as("trusted CA, but another subject").isNotZero();
        // The acceptor logs the rejection after sending it, so storescu may have exited a moment before the line.
        long deadline = System.currentTimeMillis() + 5_000;
        while (!log.getAll().contains("bound to another TLS certificate") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(log.getAll()).contains("MMC").contains("bound to another TLS certificate")
                .contains("CN=other-hospital");
        assertThat(storescuTls("MMC", "client", file)).as("the bound subject").isZero();

        // Changing the address book takes effect at the next association.
        book.save(new Institution("mmc", "MMC", null, null, null, "MMC", "mmc.example.test", 11112, true, null, null,
                null, false, "CN=other-hospital,O=Zorgbrug Test"));
        assertThat(storescuTls("MMC", "client", file)).as("no longer the bound subject").isNotZero();
        assertThat(storescuTls("MMC", "other", file)).as("the newly bound subject").isZero();
    }
}

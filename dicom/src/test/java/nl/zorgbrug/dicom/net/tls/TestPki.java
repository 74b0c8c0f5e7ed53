package nl.zorgbrug.dicom.net.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import nl.zorgbrug.dicom.net.Peers;

/**
 * A throw-away PKI made with openssl at test time: a test CA, a server and a client certificate
 * signed by it (SAN IP:127.0.0.1), and a "rogue" client certificate from another CA. PEM files for
 * dcmtk, PKCS12 key stores for us. Nothing is committed.
 */
public final class TestPki {
    public static final char[] PASSWORD = "changeit".toCharArray();

    final Path dir;

    public TestPki(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("leaf.ext"), "basicConstraints=CA:FALSE\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
        ca("ca", "/CN=Zorgbrug Test CA/O=Zorgbrug Test");
        ca("rogue-ca", "/CN=Rogue Test CA/O=Elsewhere");
        leaf("server", "ca", "/O=Zorgbrug Test/CN=zorgbrug-scp");
        leaf("client", "ca", "/O=Zorgbrug Test/CN=zorgbrug-scu");
        leaf("other", "ca", "/O=Zorgbrug Test/CN=other-hospital");
        leaf("rogue", "rogue-ca", "/O=Zorgbrug Test/CN=zorgbrug-scu");
    }

    private void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        assertThat(Peers.run(dir, 60, cmd)).as(String.join(" ", cmd)).isZero();
    }

    private void ca(String name, String subject) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-days", "2", "-subj", subject, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void leaf(String name, String ca, String subject) throws Exception {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", "leaf.ext");
        openssl("pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-certfile", ca + ".pem",
                "-out", name + ".p12", "-passout", "pass:changeit", "-name", name);
    }

    public Path pem(String name) {
        return dir.resolve(name + ".pem");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    public KeyStore keyStore(String name) throws Exception {
        return TlsConfig.load(dir.resolve(name + ".p12"), PASSWORD);
    }

    public KeyStore trust(String caName) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem(caName))) {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
            ks.setCertificateEntry(caName, c);
        }
        return ks;
    }

    TlsConfig config(String keyName, boolean requireClientCertificate) throws Exception {
        return TlsConfig.of(keyName == null ? null : keyStore(keyName), PASSWORD, trust("ca"), requireClientCertificate);
    }

    /** The PKCS12 key store file of a certificate (password {@link #PASSWORD}). */
    public Path p12(String name) {
        return dir.resolve(name + ".p12");
    }

    static String subject(String cn) {
        return "CN=" + cn + ",O=Zorgbrug Test";
    }

}

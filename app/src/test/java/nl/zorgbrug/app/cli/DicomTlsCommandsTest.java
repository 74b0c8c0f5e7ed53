package nl.zorgbrug.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.app.ZorgbrugCommand;
import picocli.CommandLine;

/** The --tls options of listen and echo wired end to end, with a CA and certificates made by openssl at test time. */
class DicomTlsCommandsTest {
    @TempDir
    Path tmp;

    void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        exec(cmd);
    }

    void exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("openssl.log").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + Files.readString(tmp.resolve("openssl.log"))).isZero();
    }

    void pki() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/openssl"));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("openssl is needed for the TLS test (CI=true: no skipping)").isTrue();
        }
        Assumptions.assumeTrue(present, "openssl not installed");
        Files.writeString(tmp.resolve("leaf.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/O=Zorgbrug Test/CN=CLI Test CA", "-addext", "basicConstraints=critical,CA:TRUE");
        exec(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12", "-storetype", "PKCS12",
                "-storepass", "trustpw"));
        for (String name : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/O=Zorgbrug Test/CN=" + name);
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2", "-extfile", "leaf.ext");
            openssl("pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-out", name + ".p12",
                    "-passout", "pass:keypw", "-name", name);
        }
    }

    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new ZorgbrugCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void listenAndEchoOverTlsWithClientCertificate() throws Exception {
        pki();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringWriter listenOut = new StringWriter();
        int p = port;
        Thread listener = new Thread(() -> run(listenOut, new StringWriter(), "dicom", "listen", "--aet", "TLS_SCP",
                "--port", String.valueOf(p), "--bind", "127.0.0.1", "--dir", tmp.resolve("in").toString(), "--tls",
                "--key-store", tmp.resolve("server.p12").toString(), "--key-store-password", "keypw",
                "--trust-store", tmp.resolve("trust.p12").toString(), "--trust-store-password", "trustpw",
                "--tls-bind", "HOSPITAL_B=CN=server,O=Zorgbrug Test"));
        listener.start();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (!listenOut.toString().contains("listening")) {
                assertThat(System.currentTimeMillis()).as("listen started").isLessThan(deadline);
                assertThat(listener.isAlive()).isTrue();
                Thread.sleep(50);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            assertThat(listenOut.toString()).contains("(DICOM TLS)");
            String peer = "TLS_SCP@127.0.0.1:" + port;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int ok = run(out, err, "dicom", "echo", "--tls", "--key-store", tmp.resolve("client.p12").toString(),
                    "--key-store-password", "keypw", "--trust-store", tmp.resolve("trust.p12").toString(),
                    "--trust-store-password", "trustpw", peer);
            assertThat(ok).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Success");
            StringWriter err2 = new StringWriter();
            int noCert = run(new StringWriter(), err2, "dicom", "echo", "--tls", "--trust-store",
                    tmp.resolve("trust.p12").toString(), "--trust-store-password", "trustpw", peer);
            assertThat(noCert).isEqualTo(1);
            assertThat(err2.toString()).startsWith("error: C-ECHO to " + peer);
            StringWriter err4 = new StringWriter();
            int posing = run(new StringWriter(), err4, "dicom", "echo", "--aet", "HOSPITAL_B", "--tls", "--key-store",
                    tmp.resolve("client.p12").toString(), "--key-store-password", "keypw", "--trust-store",
                    tmp.resolve("trust.p12").toString(), "--trust-store-password", "trustpw", peer);
            assertThat(posing).as("the client certificate is not the one bound to HOSPITAL_B").isEqualTo(1);
            assertThat(err4.toString()).contains("calling-AE-title-not-recognized");
            StringWriter err3 = new StringWriter();
            int plain = run(new StringWriter(), err3, "dicom", "echo", "--timeout", "5", peer);
            assertThat(plain).isEqualTo(1);
        } finally {
            listener.interrupt();
            listener.join(10_000);
        }
    }
}

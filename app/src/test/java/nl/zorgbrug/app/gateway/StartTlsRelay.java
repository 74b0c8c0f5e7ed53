package nl.zorgbrug.app.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP server that speaks STARTTLS (RFC 3207) in front of GreenMail, which does not: it answers EHLO offering
 * STARTTLS, refuses everything else until TLS is up (530, as RFC 3207 4 allows), then upgrades the connection with
 * a certificate for 127.0.0.1 made by keytool and relays the session to GreenMail in both directions. So a mail that
 * arrives in GreenMail went through TLS, and a client that does not start it gets nothing through.
 */
final class StartTlsRelay implements AutoCloseable {
    private final ServerSocket server;
    private final SSLContext tls;
    private final int greenMailPort;
    /** A PKCS12 trust store holding the relay's certificate, for the client (password "changeit"). */
    final Path trustStore;

    StartTlsRelay(Path dir, int greenMailPort) throws Exception {
        this.greenMailPort = greenMailPort;
        Files.createDirectories(dir);
        Path keys = dir.resolve("smtp-key.p12");
        trustStore = dir.resolve("smtp-trust.p12");
        Path cert = dir.resolve("smtp.crt");
        keytool("-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                keys.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-alias", "smtp", "-keystore", keys.toString(), "-storepass", "changeit", "-file",
                cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "smtp", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "starttls-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(java.util.stream.Stream.concat(java.util.stream.Stream.of(keytool.toString()),
                List.of(args).stream()).toList()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "starttls-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = plain.getOutputStream();
            write(out, "220 127.0.0.1 ESMTP relay");
            for (String line; (line = in.readLine()) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                if (verb.equals("EHLO")) {
                    write(out, "250-127.0.0.1\r\n250 STARTTLS");
                } else if (line.equalsIgnoreCase("STARTTLS")) {
                    write(out, "220 2.0.0 Ready to start TLS");
                    SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", plain.getPort(),
                            true);
                    secure.setUseClientMode(false);
                    secure.startHandshake();
                    relay(secure);
                    return;
                } else if (verb.equals("QUIT")) {
                    write(out, "221 bye");
                    return;
                } else {
                    write(out, "530 5.7.0 Must issue a STARTTLS command first");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** After TLS: GreenMail's own greeting is swallowed (the client had ours), then bytes flow both ways. */
    private void relay(SSLSocket client) throws IOException {
        try (Socket mail = new Socket(InetAddress.getLoopbackAddress(), greenMailPort)) {
            InputStream fromMail = mail.getInputStream();
            int b;
            while ((b = fromMail.read()) != -1 && b != '\n') {
                // GreenMail's 220 greeting
            }
            Thread up = new Thread(() -> pipe(client, mail), "starttls-up");
            up.setDaemon(true);
            up.start();
            pipe(mail, client);
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            // one side closed
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package nl.zorgbrug.app.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One SMTP server as the node sends plain-text mail to it: the download links' mails (issue 21) and the compliance
 * digests (issue 14). STARTTLS (RFC 3207) off, offered or required as the setting says; when it is used, the
 * server's certificate must carry the server's name, and may be trusted through a trust store of the hospital's own.
 */
public final class SmtpMail {
    /** Whether the session is upgraded with STARTTLS. */
    public enum StartTls { OFF, OPTIONAL, REQUIRED }

    /**
     * @param trustStore a PKCS12 trust store for the server's certificate, or null for the JVM's
     * @param settings   the settings' prefix, for messages (e.g. zorgbrug.transport.link.smtp)
     */
    public record Server(String host, int port, String username, String password, String from, StartTls startTls,
                         Path trustStore, String trustStorePassword, String settings) {
    }

    private final Server server;
    private final JavaMailSenderImpl mail;

    public SmtpMail(Server server) {
        this.server = server;
        this.mail = sender(server);
    }

    private static JavaMailSenderImpl sender(Server server) {
        JavaMailSenderImpl s = new JavaMailSenderImpl();
        s.setHost(server.host());
        s.setPort(server.port());
        s.setDefaultEncoding("UTF-8");
        Properties p = s.getJavaMailProperties();
        if (server.username() != null && !server.username().isBlank()) {
            s.setUsername(server.username());
            s.setPassword(server.password());
            p.put("mail.smtp.auth", "true");
        }
        p.put("mail.smtp.starttls.enable", String.valueOf(server.startTls() != StartTls.OFF));
        p.put("mail.smtp.starttls.required", String.valueOf(server.startTls() == StartTls.REQUIRED));
        // The certificate's name must be the server's (Jakarta Mail checks it only when asked).
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        if (server.trustStore() != null) {
            p.put("mail.smtp.ssl.socketFactory", trusting(server).getSocketFactory());
        }
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.writetimeout", "30000");
        return s;
    }

    private static SSLContext trusting(Server server) {
        try (InputStream in = Files.newInputStream(server.trustStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, server.trustStorePassword() == null ? null : server.trustStorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(server.settings() + ".trust-store " + server.trustStore()
                    + " cannot be read as PKCS12 with the password given: " + e.getMessage(), e);
        }
    }

    /** Where mail goes, for messages: host:port and the STARTTLS mode. */
    public String where() {
        return server.host() + ":" + server.port() + " (STARTTLS " + server.startTls() + ")";
    }

    /**
     * Sends one plain-text mail.
     *
     * @throws IOException naming the server, what it answered, and the settings to check
     */
    public void send(String to, String subject, String text) throws IOException {
        SimpleMailMessage m = new SimpleMailMessage();
        m.setFrom(server.from());
        m.setTo(to);
        m.setSubject(subject);
        m.setText(text);
        try {
            mail.send(m);
        } catch (MailException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IOException("mail server " + where() + " did not take it: " + root.getMessage() + "; check "
                    + server.settings() + ".*", e);
        }
    }
}

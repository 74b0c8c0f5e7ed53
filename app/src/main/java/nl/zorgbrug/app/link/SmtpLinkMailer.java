package nl.zorgbrug.app.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import nl.zorgbrug.transport.link.LinkMailer;

/**
 * The link's mails over SMTP with STARTTLS required (RFC 3207): a mail with a link to patient data never goes in
 * clear, so a server that does not offer STARTTLS, or whose certificate is not trusted, gets nothing and the job
 * fails with the reason.
 */
final class SmtpLinkMailer implements LinkMailer {
    private final LinkProperties.Smtp smtp;
    private final JavaMailSenderImpl mail;

    SmtpLinkMailer(LinkProperties.Smtp smtp) {
        this.smtp = smtp;
        this.mail = smtp.host() == null ? null : sender(smtp);
    }

    private static JavaMailSenderImpl sender(LinkProperties.Smtp smtp) {
        JavaMailSenderImpl s = new JavaMailSenderImpl();
        s.setHost(smtp.host());
        s.setPort(smtp.port());
        s.setDefaultEncoding("UTF-8");
        Properties p = s.getJavaMailProperties();
        if (smtp.username() != null && !smtp.username().isBlank()) {
            s.setUsername(smtp.username());
            s.setPassword(smtp.password());
            p.put("mail.smtp.auth", "true");
        }
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        // The certificate's name must be the server's (Jakarta Mail checks it only when asked).
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        if (smtp.trustStore() != null) {
            p.put("mail.smtp.ssl.socketFactory", trusting(smtp).getSocketFactory());
        }
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.writetimeout", "30000");
        return s;
    }

    private static SSLContext trusting(LinkProperties.Smtp smtp) {
        try (InputStream in = Files.newInputStream(smtp.trustStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, smtp.trustStorePassword() == null ? null : smtp.trustStorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("zorgbrug.transport.link.smtp.trust-store " + smtp.trustStore()
                    + " cannot be read as PKCS12 with the password given: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(String to, String subject, String text) throws IOException {
        if (mail == null) {
            throw new IOException("no SMTP server set for download links (zorgbrug.transport.link.smtp.host)");
        }
        SimpleMailMessage m = new SimpleMailMessage();
        m.setFrom(smtp.from());
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
            throw new IOException("mail server " + smtp.host() + ":" + smtp.port() + " (STARTTLS required) did not"
                    + " take it: " + root.getMessage() + "; check zorgbrug.transport.link.smtp.*", e);
        }
    }
}

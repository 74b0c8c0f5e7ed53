package nl.zorgbrug.app.link;

import java.io.IOException;

import nl.zorgbrug.app.mail.SmtpMail;
import nl.zorgbrug.transport.link.LinkMailer;

/**
 * The link's mails over SMTP with STARTTLS required (RFC 3207): a mail with a link to patient data never goes in
 * clear, so a server that does not offer STARTTLS, or whose certificate is not trusted, gets nothing and the job
 * fails with the reason.
 */
final class SmtpLinkMailer implements LinkMailer {
    private final SmtpMail mail;

    SmtpLinkMailer(LinkProperties.Smtp smtp) {
        this.mail = smtp.host() == null ? null : new SmtpMail(new SmtpMail.Server(smtp.host(), smtp.port(),
                smtp.username(), smtp.password(), smtp.from(), SmtpMail.StartTls.REQUIRED, smtp.trustStore(),
                smtp.trustStorePassword(), "zorgbrug.transport.link.smtp"));
    }

    @Override
    public void send(String to, String subject, String text) throws IOException {
        if (mail == null) {
            throw new IOException("no SMTP server set for download links (zorgbrug.transport.link.smtp.host)");
        }
        mail.send(to, subject, text);
    }
}

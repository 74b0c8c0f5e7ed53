package nl.zorgbrug.app.compliance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import nl.zorgbrug.compliance.feedback.Digest;

/**
 * Delivers a digest: over SMTP to the institution's contact (STARTTLS as configured), or, when no SMTP server is set
 * or the address book has no e-mail address for the institution, as a text file for a person to send.
 */
class DigestDelivery {
    /** What became of a digest. */
    enum Outcome { SENT, EXPORTED, FAILED }

    record Result(Outcome outcome, String detail) {
    }

    private final ComplianceProperties.Smtp smtp;
    private final Path exportDir;
    private final JavaMailSenderImpl mail;

    DigestDelivery(ComplianceProperties.Smtp smtp, Path exportDir) {
        this.smtp = smtp;
        this.exportDir = exportDir;
        this.mail = smtp.host() == null ? null : sender(smtp);
    }

    private static JavaMailSenderImpl sender(ComplianceProperties.Smtp smtp) {
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
        p.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls() != ComplianceProperties.StartTls.OFF));
        p.put("mail.smtp.starttls.required", String.valueOf(smtp.startTls() == ComplianceProperties.StartTls.REQUIRED));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.writetimeout", "30000");
        return s;
    }

    Result deliver(Digest digest, String subject, String body) {
        if (mail == null || digest.contact() == null) {
            return export(digest, subject, body, mail == null ? "no SMTP server set (zorgbrug.compliance.digest.smtp.host)"
                    : "the address book has no e-mail address for " + digest.institution());
        }
        SimpleMailMessage m = new SimpleMailMessage();
        m.setFrom(smtp.from());
        m.setTo(digest.contact());
        m.setSubject(subject);
        m.setText(body);
        try {
            mail.send(m);
            return new Result(Outcome.SENT, "sent to " + digest.contact() + " via " + smtp.host() + ":" + smtp.port());
        } catch (MailException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return new Result(Outcome.FAILED, "not sent to " + digest.contact() + " via " + smtp.host() + ":"
                    + smtp.port() + " (STARTTLS " + smtp.startTls() + "): " + root.getMessage()
                    + "; check zorgbrug.compliance.digest.smtp.*, then make the digest again");
        }
    }

    private Result export(Digest digest, String subject, String body, String why) {
        Path file = exportDir.resolve(digest.period().from() + "_" + digest.period().to() + "_"
                + digest.institution().replaceAll("[^A-Za-z0-9_-]", "_") + ".txt");
        try {
            Files.createDirectories(exportDir);
            Files.writeString(file, "Aan: " + (digest.contact() == null ? "(onbekend)" : digest.contact()) + "\nOnderwerp: "
                    + subject + "\n\n" + body, StandardCharsets.UTF_8);
            return new Result(Outcome.EXPORTED, "written to " + file + " (" + why + ")");
        } catch (IOException e) {
            return new Result(Outcome.FAILED, "could not write " + file + ": " + e.getMessage()
                    + "; check zorgbrug.compliance.digest.export-dir");
        }
    }
}

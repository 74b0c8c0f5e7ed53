package nl.zorgbrug.app.compliance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import nl.zorgbrug.app.mail.SmtpMail;
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

    private final Path exportDir;
    private final SmtpMail mail;

    DigestDelivery(ComplianceProperties.Smtp smtp, Path exportDir) {
        this.exportDir = exportDir;
        this.mail = smtp.host() == null ? null : new SmtpMail(new SmtpMail.Server(smtp.host(), smtp.port(),
                smtp.username(), smtp.password(), smtp.from(), smtp.startTls(),
                null, null, "zorgbrug.compliance.digest.smtp"));
    }

    Result deliver(Digest digest, String subject, String body) {
        if (mail == null || digest.contact() == null) {
            return export(digest, subject, body, mail == null ? "no SMTP server set (zorgbrug.compliance.digest.smtp.host)"
                    : "the address book has no e-mail address for " + digest.institution());
        }
        try {
            mail.send(digest.contact(), subject, body);
            return new Result(Outcome.SENT, "sent to " + digest.contact() + " via " + mail.where());
        } catch (IOException e) {
            return new Result(Outcome.FAILED, "not sent to " + digest.contact() + ": " + e.getMessage()
                    + ", then make the digest again");
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

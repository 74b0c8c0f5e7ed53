package nl.zorgbrug.app.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.compliance.feedback.Digest;
import nl.zorgbrug.compliance.measure.Period;
import nl.zorgbrug.compliance.measure.Share;

/** Delivery of a digest against a real SMTP server (GreenMail, started here): STARTTLS as configured, or a file. */
class DigestDeliveryTest {
    private static final Digest DIGEST = new Digest("umcx", "UMC X", "pacs-beheer@umcx.test",
            new Period(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 6)), new Share(2, 1, 0), List.of());
    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private ComplianceProperties.Smtp server(nl.zorgbrug.app.mail.SmtpMail.StartTls startTls) {
        return new ComplianceProperties.Smtp("127.0.0.1", smtp.getSmtp().getPort(), null, null, "zb@ziekenhuis.test",
                startTls);
    }

    @Test
    void aServerWithoutStartTlsGetsNothingWhenStartTlsIsRequired(@TempDir Path dir) {
        DigestDelivery.Result r = new DigestDelivery(server(nl.zorgbrug.app.mail.SmtpMail.StartTls.REQUIRED), dir)
                .deliver(DIGEST, "onderwerp", "tekst");
        assertThat(r.outcome()).isEqualTo(DigestDelivery.Outcome.FAILED);
        assertThat(r.detail()).contains("STARTTLS REQUIRED").contains("zorgbrug.compliance.digest.smtp");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void sentWhenStartTlsIsOptionalAndReadBack(@TempDir Path dir) throws Exception {
        DigestDelivery.Result r = new DigestDelivery(server(nl.zorgbrug.app.mail.SmtpMail.StartTls.OPTIONAL), dir)
                .deliver(DIGEST, "BSN in DICOM: terugkoppeling", "Beste beheerder van UMC X, één onderzoek");
        assertThat(r.outcome()).isEqualTo(DigestDelivery.Outcome.SENT);
        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("BSN in DICOM: terugkoppeling");
        assertThat(smtp.getReceivedMessages()[0].getContent().toString()).contains("één onderzoek");
        assertThat(smtp.getReceivedMessages()[0].getFrom()[0].toString()).isEqualTo("zb@ziekenhuis.test");
    }

    @Test
    void withoutAnSmtpServerTheDigestIsExportedAsText(@TempDir Path dir) throws Exception {
        DigestDelivery.Result r = new DigestDelivery(new ComplianceProperties.Smtp(null, 0, null, null, null, null), dir)
                .deliver(DIGEST, "onderwerp", "tekst");
        assertThat(r.outcome()).isEqualTo(DigestDelivery.Outcome.EXPORTED);
        Path file = dir.resolve("2026-11-30_2026-12-06_umcx.txt");
        assertThat(Files.readString(file)).isEqualTo("Aan: pacs-beheer@umcx.test\nOnderwerp: onderwerp\n\ntekst");
        assertThat(r.detail()).contains("no SMTP server set");
    }
}

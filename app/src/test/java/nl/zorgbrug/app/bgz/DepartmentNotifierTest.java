package nl.zorgbrug.app.bgz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import nl.zorgbrug.app.mail.SmtpMail;
import nl.zorgbrug.app.node.ConfigurationError;
import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.specialism.Specialism;
import nl.zorgbrug.bsn.Bsn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, "Receiving a Task or a BgZ notifies the configured department (console inbox, plus e-mail or webhook)":
 * the department gets a mail (GreenMail) and a webhook POST (a local HTTP server) that say kind, time, sender and the
 * console link and nothing of the patient; a failing webhook is retried and then given up without an exception to
 * the inbox; settings that cannot work stop the node at start. The BSN is a generated test value.
 */
class DepartmentNotifierTest {
    static final Bsn PATIENT = Bsn.parse("999911120");
    static final BgzSource SENDER = new BgzSource("umcx", "UMC X", "90000456", "https://umcx.example/fhir/stu3");

    GreenMail smtp;
    HttpServer web;
    final List<String> posted = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile int failFirst;
    DepartmentNotifier notifier;

    @BeforeEach
    void start() throws IOException {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/hook", exchange -> {
            int n = calls.incrementAndGet();
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(n <= failFirst ? 503 : 204, -1);
            exchange.close();
        });
        web.start();
    }

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.close();
        }
        web.stop(0);
        if (smtp != null) {
            smtp.stop();
        }
    }

    private BgzProperties.Notice settings(List<String> email, String hookPath) {
        return new BgzProperties.Notice(email, hookPath == null ? null
                : URI.create("http://127.0.0.1:" + web.getAddress().getPort() + hookPath + "?secret=s3cr3t"),
                URI.create("https://zorgbrug.hospital.example/"), 3, Duration.ofMillis(50),
                new BgzProperties.Smtp("127.0.0.1", smtp.getSmtp().getPort(), null, null, "zorgbrug@hospital.example",
                        SmtpMail.StartTls.OFF));
    }

    private static ReceivedBgz.Summary received(Occasion occasion) {
        return received(occasion, null);
    }

    private static ReceivedBgz.Summary received(Occasion occasion, Specialism specialism) {
        return new ReceivedBgz.Summary(UUID.randomUUID(), SENDER, occasion,
                occasion == Occasion.REFERRAL ? "verwijzing-2026-77" : null, Instant.parse("2026-12-06T10:15:30Z"),
                PATIENT, "node", 27, 0, 112, specialism);
    }

    @Test
    void theDepartmentIsMailedAndItsWebhookPostedWithoutPatientData() throws Exception {
        notifier = new DepartmentNotifier(settings(List.of("mka@hospital.example", "seh@hospital.example"), "/hook"),
                "afdeling Medische Administratie", HttpClient.newHttpClient());
        ReceivedBgz.Summary r = received(Occasion.REFERRAL);
        notifier.received(r);

        assertThat(smtp.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).extracting(m -> m.getAllRecipients()[0].toString())
                .containsExactlyInAnyOrder("mka@hospital.example", "seh@hospital.example");
        String text = GreenMailUtil.getBody(mails[0]).replace("=\r\n", "").replace("=3D", "=");
        assertThat(mails[0].getSubject()).contains("BgZ ontvangen bij verwijzing").contains("BgZ received with a referral");
        assertThat(text).contains("UMC X (URA 90000456)").contains("2026-12-06T10:15:30Z")
                .contains("https://zorgbrug.hospital.example/bgz/received/" + r.id())
                .doesNotContain(PATIENT.value()).doesNotContain("verwijzing-2026-77");

        waitFor(() -> posted.size() == 1);
        String body = posted.get(0);
        assertThat(body).endsWith(" application/json").doesNotContain(PATIENT.value());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(body.substring(0, body.lastIndexOf(' ')), Map.class);
        assertThat(json.keySet()).containsExactly("kind", "receivedAt", "sender", "department", "link");
        assertThat(json.get("kind")).isEqualTo("bgz-referral");
        assertThat(json.get("receivedAt")).isEqualTo("2026-12-06T10:15:30Z");
        assertThat(json.get("sender")).isEqualTo(Map.of("name", "UMC X", "ura", "90000456"));
        assertThat(json.get("link")).isEqualTo("https://zorgbrug.hospital.example/bgz/received/" + r.id());

        notifier.received(received(Occasion.REQUEST));
        waitFor(() -> posted.size() == 2);
        assertThat(posted.get(1)).contains("\"kind\":\"bgz-request\"");
    }

    /**
     * Per specialism: a referral to cardiology (0320) tells the cardiology department by its own address and webhook,
     * naming the specialism; a referral to another specialism, or to none, and a request go to the general ones.
     */
    @Test
    void aReferralForASpecialismTellsThatDepartmentAndTheRestTheGeneralOne() throws Exception {
        web.createContext("/cardio", exchange -> {
            posted.add("cardio " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        BgzProperties.Notice general = settings(List.of("mka@hospital.example"), "/hook");
        URI cardioHook = URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/cardio");
        BgzProperties.Notice perSpecialism = new BgzProperties.Notice(general.email(), general.webhook(),
                general.consoleUrl(), general.attempts(), general.retryDelay(), general.smtp(),
                List.of(new BgzProperties.Department("0320", null, List.of("cardiologie@hospital.example"),
                        cardioHook)));
        notifier = new DepartmentNotifier(perSpecialism, "afdeling Medische Administratie", HttpClient.newHttpClient());

        ReceivedBgz.Summary cardio = received(Occasion.REFERRAL, Specialism.CARDIOLOGY);
        notifier.received(cardio);
        assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
        waitFor(() -> posted.size() == 1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("cardiologie@hospital.example");
        assertThat(GreenMailUtil.getBody(mail).replace("=\r\n", "")).contains("voor cardiologie (0320)")
                .contains("for cardiology (0320)").contains("afdeling Cardiologie").doesNotContain(PATIENT.value());
        assertThat(posted.get(0)).startsWith("cardio ");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(posted.get(0).substring("cardio ".length()), Map.class);
        assertThat(json.keySet()).containsExactly("kind", "receivedAt", "sender", "department", "specialism", "link");
        assertThat(json.get("department")).isEqualTo("afdeling Cardiologie");
        assertThat(json.get("specialism")).isEqualTo(Map.of("system", "urn:oid:2.16.840.1.113883.2.4.6.7",
                "code", "0320", "display", "Cardiologie"));

        notifier.received(received(Occasion.REFERRAL, Specialism.NEUROLOGY));
        notifier.received(received(Occasion.REFERRAL, null));
        assertThat(smtp.waitForIncomingEmail(5_000, 3)).isTrue();
        waitFor(() -> posted.size() == 3);
        assertThat(posted.subList(1, 3)).allSatisfy(b -> assertThat(b).doesNotStartWith("cardio ")
                .contains("\"department\":\"afdeling Medische Administratie\""));
        assertThat(posted.get(1)).contains("\"code\":\"0330\"");
        assertThat(List.of(smtp.getReceivedMessages()).subList(1, 3)).allSatisfy(m -> assertThat(
                m.getAllRecipients()[0].toString()).isEqualTo("mka@hospital.example"));
    }

    /** A department's settings are checked at start as the general ones, naming the key. */
    @Test
    void aDepartmentOfAnUnknownSpecialismOrWithoutAddressIsRefusedAtStart() {
        BgzProperties.Notice ok = settings(List.of(), "/hook");
        assertThatThrownBy(() -> new BgzProperties.Notice(List.of(), ok.webhook(), ok.consoleUrl(), 0, null, null,
                List.of(new BgzProperties.Department("0399", null, List.of(), ok.webhook()))))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.bgz.notice.departments[0].specialism = '0399'");
        assertThatThrownBy(() -> new BgzProperties.Notice(List.of(), ok.webhook(), ok.consoleUrl(), 0, null, null,
                List.of(new BgzProperties.Department("0320", null, List.of(), null))))
                .hasMessageContaining("zorgbrug.bgz.notice.departments[0].email is not set");
        assertThatThrownBy(() -> new BgzProperties.Notice(List.of(), ok.webhook(), ok.consoleUrl(), 0, null, null,
                List.of(new BgzProperties.Department("0320", null, List.of("cardio@"), null))))
                .hasMessageContaining("zorgbrug.bgz.notice.departments[0].email[0]");
        assertThatThrownBy(() -> new BgzProperties.Notice(List.of(), null, null, 0, null, null,
                List.of(new BgzProperties.Department("0320", null, List.of(), ok.webhook()))))
                .as("the link needs the console's address").hasMessageContaining("console-url");
        assertThatThrownBy(() -> new BgzProperties.Notice(List.of(), null, ok.consoleUrl(), 0, null, null,
                List.of(new BgzProperties.Department("0320", null, List.of(), ok.webhook()),
                        new BgzProperties.Department("0320", "Hartcentrum", List.of(), ok.webhook()))))
                .hasMessageContaining("zorgbrug.bgz.notice.departments[1].specialism = '0320'");
    }

    @Test
    void aFailingWebhookIsRetriedAndThenGivenUpWithoutDisturbingTheReceipt() throws Exception {
        failFirst = 2;
        notifier = new DepartmentNotifier(settings(List.of(), "/hook"), "MKA", HttpClient.newHttpClient());
        long started = System.nanoTime();
        notifier.received(received(Occasion.REFERRAL));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the inbox does not wait")
                .isLessThan(Duration.ofSeconds(1));
        waitFor(() -> calls.get() == 3);
        assertThat(calls.get()).as("two 503s, then taken").isEqualTo(3);

        failFirst = 100;
        calls.set(0);
        notifier.received(received(Occasion.REFERRAL));
        waitFor(() -> calls.get() == 3);
        Thread.sleep(500);
        assertThat(calls.get()).as("given up after the attempts configured").isEqualTo(3);

        // A mail server that is down: the same, and the listener never throws.
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        smtp = null;
        DepartmentNotifier down = new DepartmentNotifier(new BgzProperties.Notice(List.of("mka@hospital.example"),
                null, URI.create("https://zorgbrug.hospital.example"), 2, Duration.ofMillis(50),
                new BgzProperties.Smtp("127.0.0.1", port, null, null, null, SmtpMail.StartTls.OFF)), "MKA",
                HttpClient.newHttpClient());
        try {
            down.received(received(Occasion.REQUEST));
        } finally {
            Thread.sleep(300);
            down.close();
        }
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtStart() {
        URI console = URI.create("https://zorgbrug.hospital.example");
        BgzProperties.Smtp mail = new BgzProperties.Smtp("smtp.hospital.example", 0, null, null, null, null);
        assertThatThrownBy(() -> new BgzProperties.Notice(null, URI.create("ftp://alerts.example/x"), console, 0,
                null, null)).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.bgz.notice.webhook = 'ftp://alerts.example/x' is not allowed");
        assertThatThrownBy(() -> new BgzProperties.Notice(null, URI.create("alerts/zorgbrug"), console, 0, null,
                null)).hasMessageContaining("an absolute http or https URL");
        assertThatThrownBy(() -> new BgzProperties.Notice(null, URI.create("https://alerts.example/x"), null, 0,
                null, null)).hasMessageContaining("zorgbrug.bgz.notice.console-url is not set");
        assertThatThrownBy(() -> new BgzProperties.Notice(List.of("mka@"), null, console, 0, null, mail))
                .hasMessageContaining("zorgbrug.bgz.notice.email[0] = 'mka@'");
        assertThatThrownBy(() -> new BgzProperties.Notice(List.of("mka@hospital.example"), null, console, 0, null,
                null)).hasMessageContaining("zorgbrug.bgz.notice.smtp.host is not set");
        assertThatThrownBy(() -> new BgzProperties.Notice(null, null, console, 11, null, null))
                .hasMessageContaining("zorgbrug.bgz.notice.attempts = '11'");
        BgzProperties.Notice none = new BgzProperties.Notice(null, null, null, 0, null, null);
        assertThat(none.any()).isFalse();
        assertThat(none.attempts()).isEqualTo(3);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("in time").isTrue();
    }
}

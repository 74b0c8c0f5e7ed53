package nl.zorgbrug.app.bgz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.zorgbrug.app.mail.SmtpMail;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceiptListener;
import nl.zorgbrug.bgz.receive.ReceivedBgz;

/**
 * Tells the department of a received BgZ by e-mail and/or webhook (issue 19: "Receiving a Task or a BgZ notifies the
 * configured department (console inbox, plus e-mail or webhook)"), besides the console's notice and the log line.
 *
 * <p>The received BgZ is stored and in the console before this runs, and this runs on a thread of its own: a mail
 * server or webhook that is down delays nothing and loses nothing. Each channel is tried {@code attempts} times, the
 * waits doubling from {@code retry-delay}; what still fails is logged as a warning naming the channel and the
 * received BgZ (the console keeps it as unseen). What goes out: the kind of receipt (a BgZ pulled on a referral's
 * Notified Pull Task, or one requested), when, the sending institution (name and URA) and the link to the received
 * BgZ's console page (which asks a login) — never a BSN, a name or medical data (AVG art. 5(1)(c), data
 * minimisation: a mailbox or chat channel is no place for patient data).
 */
public final class DepartmentNotifier implements ReceiptListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DepartmentNotifier.class);

    /** The kinds a notice names: what the department is told came in. */
    enum Kind {
        /** A Notified Pull Task came in with a referral, and the BgZ it named was pulled. */
        REFERRAL("bgz-referral", "BgZ ontvangen bij verwijzing", "BgZ received with a referral"),
        /** A BgZ requested from another institution came in. */
        REQUEST("bgz-request", "Opgevraagde BgZ ontvangen", "Requested BgZ received");

        final String code;
        final String dutch;
        final String english;

        Kind(String code, String dutch, String english) {
            this.code = code;
            this.dutch = dutch;
            this.english = english;
        }

        static Kind of(Occasion occasion) {
            return occasion == Occasion.REFERRAL ? REFERRAL : REQUEST;
        }
    }

    private final BgzProperties.Notice settings;
    private final String department;
    private final SmtpMail mail;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bgz-department-notice");
        t.setDaemon(true);
        return t;
    });

    DepartmentNotifier(BgzProperties.Notice settings, String department, HttpClient http) {
        this.settings = settings;
        this.department = department;
        this.http = http;
        BgzProperties.Smtp smtp = settings.smtp();
        this.mail = settings.email().isEmpty() ? null : new SmtpMail(new SmtpMail.Server(smtp.host(), smtp.port(),
                smtp.username(), smtp.password(), smtp.from(), smtp.startTls(), null, null,
                "zorgbrug.bgz.notice.smtp"));
    }

    @Override
    public void received(ReceivedBgz.Summary received) {
        if (settings.webhook() != null) {
            schedule("webhook " + where(settings.webhook()), () -> post(received), received, 1, Duration.ZERO);
        }
        for (String to : settings.email()) {
            schedule("e-mail to " + to, () -> mail(to, received), received, 1, Duration.ZERO);
        }
    }

    @FunctionalInterface
    private interface Attempt {
        void run() throws IOException, InterruptedException;
    }

    private void schedule(String channel, Attempt attempt, ReceivedBgz.Summary received, int n, Duration wait) {
        worker.schedule(() -> {
            try {
                attempt.run();
                LOG.info("{} told of received BgZ {} by {}", department, received.id(), channel);
            } catch (IOException | RuntimeException e) {
                if (n < settings.attempts()) {
                    Duration next = settings.retryDelay().multipliedBy(1L << (n - 1));
                    LOG.warn("{} not told of received BgZ {} by {} (try {} of {}): {}; trying again in {}",
                            department, received.id(), channel, n, settings.attempts(), e.getMessage(), next);
                    schedule(channel, attempt, received, n + 1, next);
                } else {
                    LOG.warn("{} not told of received BgZ {} by {}, given up after {} tries: {}; it waits as unseen"
                                    + " in the console (check zorgbrug.bgz.notice.*)", department, received.id(),
                            channel, settings.attempts(), e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The console page of the received BgZ. */
    URI link(ReceivedBgz.Summary received) {
        String base = settings.consoleUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/bgz/received/" + received.id());
    }

    /** The webhook's JSON: kind, when, from whom, where; nothing about the patient. */
    String body(ReceivedBgz.Summary received) {
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("name", received.source().name());
        sender.put("ura", received.source().ura());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", Kind.of(received.occasion()).code);
        body.put("receivedAt", DateTimeFormatter.ISO_INSTANT.format(received.receivedAt()));
        body.put("sender", sender);
        body.put("department", department);
        body.put("link", link(received).toString());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the department notice cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private void post(ReceivedBgz.Summary received) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(settings.webhook()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(received))).build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered HTTP " + answer.statusCode());
        }
    }

    private void mail(String to, ReceivedBgz.Summary received) throws IOException {
        Kind kind = Kind.of(received.occasion());
        String from = received.source().name() + (received.source().ura() == null ? ""
                : " (URA " + received.source().ura() + ")");
        String at = DateTimeFormatter.ISO_INSTANT.format(received.receivedAt());
        mail.send(to, "Zorgbrug: " + kind.dutch + " / " + kind.english,
                kind.dutch + " van " + from + " op " + at + ".\n"
                        + "Open de BgZ in de console: " + link(received) + "\n\n"
                        + kind.english + " from " + from + " at " + at + ".\n"
                        + "Open it in the console: " + link(received) + "\n\n"
                        + "Aan / to: " + department + "\n");
    }

    /** A URL for the log without its query (a webhook's secret is often there). */
    private static String where(URI url) {
        return url.getScheme() + "://" + url.getAuthority() + (url.getPath() == null ? "" : url.getPath());
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

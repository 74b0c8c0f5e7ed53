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
        boolean mails = !settings.email().isEmpty() || settings.departments().stream().anyMatch(d -> !d.email().isEmpty());
        this.mail = !mails ? null : new SmtpMail(new SmtpMail.Server(smtp.host(), smtp.port(),
                smtp.username(), smtp.password(), smtp.from(), smtp.startTls(), null, null,
                "zorgbrug.bgz.notice.smtp"));
    }

    /**
     * Who is told: for a referral to a specialism that has a department of its own in the settings
     * ({@code zorgbrug.bgz.notice.departments}), that department's addresses; otherwise the general ones.
     */
    @Override
    public void received(ReceivedBgz.Summary received) {
        Recipients to = recipients(received);
        if (to.webhook() != null) {
            schedule(to.department(), "webhook " + where(to.webhook()), () -> post(to, received), received, 1,
                    Duration.ZERO);
        }
        for (String address : to.email()) {
            schedule(to.department(), "e-mail to " + address, () -> mail(to, address, received), received, 1,
                    Duration.ZERO);
        }
    }

    /** The department told of a received BgZ, and how. */
    record Recipients(String department, java.util.List<String> email, URI webhook) {
    }

    Recipients recipients(ReceivedBgz.Summary received) {
        return settings.department(received.specialism())
                .map(d -> new Recipients(d.label(), d.email(), d.webhook()))
                .orElseGet(() -> new Recipients(department, settings.email(), settings.webhook()));
    }

    @FunctionalInterface
    private interface Attempt {
        void run() throws IOException, InterruptedException;
    }

    private void schedule(String department, String channel, Attempt attempt, ReceivedBgz.Summary received, int n,
                          Duration wait) {
        worker.schedule(() -> {
            try {
                attempt.run();
                LOG.info("{} told of received BgZ {} by {}", department, received.id(), channel);
            } catch (IOException | RuntimeException e) {
                if (n < settings.attempts()) {
                    Duration next = settings.retryDelay().multipliedBy(1L << (n - 1));
                    LOG.warn("{} not told of received BgZ {} by {} (try {} of {}): {}; trying again in {}",
                            department, received.id(), channel, n, settings.attempts(), e.getMessage(), next);
                    schedule(department, channel, attempt, received, n + 1, next);
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
        return body(recipients(received), received);
    }

    /**
     * The webhook's JSON: kind, when, from whom, to which department (and for which specialism, when the referral
     * named one), where; nothing about the patient.
     */
    String body(Recipients to, ReceivedBgz.Summary received) {
        String department = to.department();
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("name", received.source().name());
        sender.put("ura", received.source().ura());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", Kind.of(received.occasion()).code);
        body.put("receivedAt", DateTimeFormatter.ISO_INSTANT.format(received.receivedAt()));
        body.put("sender", sender);
        body.put("department", department);
        if (received.specialism() != null) {
            Map<String, Object> specialism = new LinkedHashMap<>();
            specialism.put("system", nl.zorgbrug.bgz.specialism.Specialism.SYSTEM);
            specialism.put("code", received.specialism().code());
            specialism.put("display", received.specialism().dutch());
            body.put("specialism", specialism);
        }
        body.put("link", link(received).toString());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the department notice cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private void post(Recipients to, ReceivedBgz.Summary received) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(to.webhook()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(to, received))).build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered HTTP " + answer.statusCode());
        }
    }

    private void mail(Recipients recipients, String to, ReceivedBgz.Summary received) throws IOException {
        Kind kind = Kind.of(received.occasion());
        String department = recipients.department();
        String from = received.source().name() + (received.source().ura() == null ? ""
                : " (URA " + received.source().ura() + ")");
        String forNl = received.specialism() == null ? "" : " voor " + received.specialism().dutch().toLowerCase(
                java.util.Locale.ROOT) + " (" + received.specialism().code() + ")";
        String forEn = received.specialism() == null ? "" : " for " + received.specialism().english().toLowerCase(
                java.util.Locale.ROOT) + " (" + received.specialism().code() + ")";
        String at = DateTimeFormatter.ISO_INSTANT.format(received.receivedAt());
        mail.send(to, "Zorgbrug: " + kind.dutch + " / " + kind.english,
                kind.dutch + forNl + " van " + from + " op " + at + ".\n"
                        + "Open de BgZ in de console: " + link(received) + "\n\n"
                        + kind.english + forEn + " from " + from + " at " + at + ".\n"
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

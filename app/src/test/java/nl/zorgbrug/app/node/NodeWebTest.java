package nl.zorgbrug.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Failure;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;

/** The node over HTTP: health open, everything else behind login, the job API and console working. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
class NodeWebTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        // The automatic retry of a failed job is not due while a test looks at it (the runner would start it).
        r.add("zorgbrug.retry.initial", () -> "30m");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:web;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.users[0].name", () -> "olga");
        r.add("zorgbrug.users[0].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[0].roles[0]", () -> "OPERATOR");
        r.add("zorgbrug.users[1].name", () -> "anna");
        r.add("zorgbrug.users[1].password", () -> "{noop}auditor-test");
        r.add("zorgbrug.users[1].roles[0]", () -> "AUDITOR");
    }

    @LocalServerPort
    int port;

    @Autowired
    JobManager manager;

    @Autowired
    nl.zorgbrug.gateway.job.JobRepository jobRepository;

    @Autowired
    nl.zorgbrug.bsn.mpi.MpiStore mpi;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsOpenAndEverythingElseNeedsLogin() throws Exception {
        assertThat(get("/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/api/jobs", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> browser = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location").orElse("")).endsWith("/login");
        assertThat(get("/login", null, null).body()).contains("Aanmelden");
        assertThat(get("/api/jobs", "olga", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "olga", "operator-test").statusCode()).isEqualTo(403);
        assertThat(get("/actuator/prometheus", "anna", "auditor-test").statusCode()).isEqualTo(200);
    }

    @Test
    void operatorsRetryFailedJobsAndAuditorsMayOnlyLook() throws Exception {
        Job job = manager.accept("2.25.31", "UMCX", Direction.EXPORT, "ACC31",
                new JobInstance(0, "2.25.31.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        manager.finish(manager.start(job), List.of(), Failure.ofStatus(0xA900));

        HttpResponse<String> list = get("/api/jobs?state=FAILED&institution=UMCX", "anna", "auditor-test");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"accessionNumber\":\"ACC31\"").contains("0xA900");

        assertThat(post("/api/jobs/" + job.id() + "/retry", "anna", "auditor-test").statusCode()).isEqualTo(403);
        HttpResponse<String> retried = post("/api/jobs/" + job.id() + "/retry", "olga", "operator-test");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("\"state\":\"WAITING\"");
        assertThat(post("/api/jobs/" + job.id() + "/release", "olga", "operator-test").statusCode()).isEqualTo(409);
        assertThat(get("/api/jobs/" + job.id(), "olga", "operator-test").body()).contains("olga retry FAILED -> WAITING");
        assertThat(post("/api/jobs/999999/retry", "olga", "operator-test").statusCode()).isEqualTo(404);
    }

    /**
     * Issue 15: the job page and the API list every automatic step with its time (local, to the second), the
     * console names the steps in Dutch and English, and both BSN verdicts show: of what arrived and of what left
     * after the swap, also in the CSV.
     */
    @Test
    void theHistoryListsTheAutomaticStepsAndBothVerdictsShow() throws Exception {
        Job job = manager.accept("2.25.44", "UMCX", Direction.EXPORT, "ACC44",
                new JobInstance(0, "2.25.44.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        jobRepository.save(manager.get(job.id()).withVerdict(nl.zorgbrug.bsn.classify.Verdict.NO_BSN,
                java.time.Instant.now()));
        Job started = manager.start(manager.get(job.id()));
        manager.recordVerdictSent(started, nl.zorgbrug.bsn.classify.Verdict.CORRECT);
        manager.hold(started, "LOCAL_ISSUER_MISSING: the Patient ID has no issuer");
        java.time.Instant held = manager.get(job.id()).updated();
        String local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(held.atZone(java.time.ZoneId.of("Europe/Amsterdam")));

        String en = get("/jobs/" + job.id() + "?lang=en", "anna", "auditor-test").body();
        assertThat(en).contains("id=\"verdict-received\">no BSN<").contains("id=\"verdict-sent\">BSN correct<")
                .contains(">Job opened (routed)<").contains(">Delivery attempt<").contains(">Held<")
                .contains("LOCAL_ISSUER_MISSING: the Patient ID has no issuer").contains(">" + local + "<")
                .contains(">Zorgbrug (automatic)<");
        assertThat(get("/jobs/" + job.id() + "?lang=nl", "anna", "auditor-test").body())
                .contains(">BSN-oordeel bij ontvangst<").contains(">Vastgehouden<").contains(">Verzendpoging<");
        assertThat(get("/api/jobs/" + job.id(), "anna", "auditor-test").body())
                .contains("\"bsnVerdict\":\"NO_BSN\"").contains("\"bsnVerdictSent\":\"CORRECT\"")
                .contains("\"action\":\"held\"").contains("\"user\":\"system\"");
        assertThat(get("/jobs.csv?institution=UMCX&accessionNumber=ACC44", "olga", "operator-test").body())
                .contains(",NO_BSN,CORRECT,");
    }

    @Test
    void aFailedJobWithAnAutomaticRetryPendingShowsWhenInTheApiAndTheConsole() throws Exception {
        // Not due for an hour (the quiet time), so the node's own job runner leaves it to this test: it used to take
        // the job first now and then, and the test's start then failed (FAILED -> IN_PROGRESS is no transition).
        Job job = manager.accept("2.25.33", "UMCX", Direction.EXPORT, "ACC33",
                new JobInstance(0, "2.25.33.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false),
                java.time.Duration.ofHours(1));
        manager.finish(manager.start(job), List.of(), Failure.ofException(new java.net.ConnectException("Connection refused")));
        Job failed = manager.get(job.id());
        assertThat(failed.retryAt()).isNotNull();
        String retryAt = failed.retryAt().toString();
        // People read local time to the second (the default zone is Europe/Amsterdam).
        String localRetryAt = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(failed.retryAt().atZone(java.time.ZoneId.of("Europe/Amsterdam")));

        assertThat(get("/api/jobs?state=FAILED&institution=UMCX", "anna", "auditor-test").body())
                .contains("\"accessionNumber\":\"ACC33\"").contains("\"retryAt\":\"" + retryAt + "\"");
        assertThat(get("/api/jobs/" + job.id(), "anna", "auditor-test").body())
                .contains("\"state\":\"FAILED\"").contains("\"retryAt\":\"" + retryAt + "\"")
                .contains("automatic retry 1 of 11 at ");
        String list = get("/jobs/table?lang=en&institution=UMCX&accessionNumber=ACC33", "olga", "operator-test").body();
        assertThat(list).contains("retry-pending").contains("automatic retry at " + localRetryAt + "<")
                .contains(">Failed<").contains(">outgoing<");
        assertThat(get("/jobs/table?lang=nl&institution=UMCX&accessionNumber=ACC33", "olga", "operator-test").body())
                .contains("automatisch opnieuw om " + localRetryAt + "<").contains(">Mislukt<").contains(">uitgaand<");
        assertThat(get("/jobs/" + job.id() + "?lang=en", "olga", "operator-test").body())
                .contains("Automatic retry at").contains("id=\"retry-at\">" + localRetryAt + "<");

        // A person's cancel drops the pending retry; the API shows none.
        assertThat(post("/api/jobs/" + job.id() + "/cancel", "olga", "operator-test").body())
                .contains("\"state\":\"CANCELLED\"").contains("\"retryAt\":null");
        assertThat(get("/jobs/" + job.id() + "?lang=en", "olga", "operator-test").body()).doesNotContain("retry-at");
    }

    @Test
    void consoleListsJobsInDutchAndEnglish() throws Exception {
        manager.accept("2.25.32", "MMC", Direction.IMPORT, "ACC32",
                new JobInstance(0, "2.25.32.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        String nl = get("/?lang=nl", "olga", "operator-test").body();
        assertThat(nl).contains("Opdrachtbeheer").contains("ACC32").contains("htmx.min.js");
        String en = get("/jobs/table?lang=en&institution=MMC", "olga", "operator-test").body();
        assertThat(en).contains("ACC32").contains("hx-trigger=\"every 5s\"");
        assertThat(get("/webjars/htmx.org/2.0.4/dist/htmx.min.js", null, null).statusCode()).isEqualTo(200);
        // The API is documented, and the document names every API path the controllers serve.
        String openapi = get("/openapi.yaml", "olga", "operator-test").body();
        for (String path : List.of("/api/jobs/{id}/retry", "/api/institutions/import", "/api/mpi/import",
                "/api/quarantine/{study}/link")) {
            assertThat(openapi).contains(path + ":");
        }
        assertThat(Instant.now()).isNotNull();
    }

    @Test
    void aCancelIsConfirmedWithAReasonAndOnlyOperatorsSeeTheActions() throws Exception {
        Job job = manager.accept("2.25.34", "UMCX", Direction.EXPORT, "ACC34",
                new JobInstance(0, "2.25.34.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        manager.finish(manager.start(job), List.of(), Failure.ofStatus(0xA900));

        String auditor = get("/jobs/" + job.id() + "?lang=en", "anna", "auditor-test").body();
        assertThat(auditor).contains(">Failed<").doesNotContain("action-retry").doesNotContain("action-cancel");
        String operator = get("/jobs/" + job.id() + "?lang=en", "olga", "operator-test").body();
        assertThat(operator).contains("action-retry").contains("action-cancel").doesNotContain("action-release");

        // The confirmation page carries the form; its session and CSRF token let the post through.
        HttpResponse<String> confirm = get("/jobs/" + job.id() + "/cancel?lang=en", "olga", "operator-test");
        assertThat(confirm.body()).contains("Cancel the job to UMCX (accession number ACC34, now Failed)?")
                .contains("name=\"reason\"");
        String cookie = String.join("; ", confirm.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";")[0]).toList());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(confirm.body());
        assertThat(token.find()).isTrue();

        HttpResponse<String> noReason = form("/jobs/" + job.id() + "/cancel", cookie, "_csrf=" + token.group(1));
        assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(302);
        assertThat(noReason.headers().firstValue("Location").orElse("")).endsWith("/jobs/" + job.id() + "/cancel");
        assertThat(manager.get(job.id()).state()).isEqualTo(nl.zorgbrug.gateway.job.JobState.FAILED);

        HttpResponse<String> cancelled = form("/jobs/" + job.id() + "/cancel", cookie,
                "_csrf=" + token.group(1) + "&reason=study+sent+twice");
        assertThat(cancelled.headers().firstValue("Location").orElse("")).endsWith("/jobs/" + job.id());
        assertThat(manager.get(job.id()).state()).isEqualTo(nl.zorgbrug.gateway.job.JobState.CANCELLED);
        assertThat(get("/api/jobs/" + job.id(), "anna", "auditor-test").body())
                .contains("olga cancel FAILED -> CANCELLED").contains("olga reason study sent twice");
        assertThat(get("/jobs/" + job.id() + "?lang=en", "olga", "operator-test").body())
                .doesNotContain("action-cancel").doesNotContain("action-retry");
    }

    private HttpResponse<String> form(String path, String cookie, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("olga:operator-test".getBytes(StandardCharsets.UTF_8)))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPatientIsTracedByBsnAndLocalNumberAndTheListExportsAsCsv() throws Exception {
        String bsn = java.util.stream.IntStream.range(0, 10_000).mapToObj(i -> String.valueOf(999_950_000 + i))
                .filter(nl.zorgbrug.bsn.Bsn::isValid).findFirst().orElseThrow();
        mpi.save(new nl.zorgbrug.bsn.mpi.MpiPatient("PAT-35", "2.16.528.1.1007.99.1", nl.zorgbrug.bsn.Bsn.parse(bsn),
                nl.zorgbrug.bsn.mpi.BsnStatus.VALIDATED, "Jansen", "Olga", "19650302", "F"));
        Job export = manager.accept("2.25.35", "TRACE", Direction.EXPORT, "ACC35",
                new JobInstance(0, "2.25.35.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        jobRepository.recordPatient(export.id(), "Jansen^Olga", "PAT-35");
        Job imported = manager.accept("2.25.36", "TRACE", Direction.IMPORT, "ACC36",
                new JobInstance(0, "2.25.36.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        jobRepository.recordPatient(imported.id(), "Jansen^Olga", bsn);

        // The BSN finds the export, which arrived with the local number; the local number finds the import.
        assertThat(get("/api/jobs?institution=TRACE&patient=" + bsn, "olga", "operator-test").body())
                .contains("\"accessionNumber\":\"ACC35\"").contains("\"accessionNumber\":\"ACC36\"");
        assertThat(get("/api/jobs?institution=TRACE&patient=PAT-35", "olga", "operator-test").body())
                .contains("\"accessionNumber\":\"ACC35\"").contains("\"accessionNumber\":\"ACC36\"");

        HttpResponse<String> csv = get("/jobs.csv?institution=TRACE&patient=PAT-35", "olga", "operator-test");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,state,direction,institution,accession_number,study_instance_uid,"
                + "patient_name,patient_id,bsn_verdict,bsn_verdict_sent,attempts,created,updated,reason,node,lease_until");
        assertThat(lines).hasSize(3);
        // The state is whatever the runner made of it meanwhile (TRACE has no endpoint: it fails).
        assertThat(csv.body()).containsPattern("(^|\\n)" + export.id() + ",[A-Z_]+,EXPORT,TRACE,ACC35,2\\.25\\.35,"
                        + "Jansen\\^Olga,PAT-35,")
                .contains("*****" + bsn.substring(5)).doesNotContain(bsn)
                .containsPattern(",\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,");
        // An auditor may see the BSN whole.
        assertThat(get("/jobs.csv?institution=TRACE&patient=PAT-35", "anna", "auditor-test").body()).contains(bsn);
        assertThat(get("/?lang=en", "olga", "operator-test").body()).contains("id=\"export-csv\"");
    }
}

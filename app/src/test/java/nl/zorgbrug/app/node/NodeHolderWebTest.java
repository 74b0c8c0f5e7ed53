package nl.zorgbrug.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.zorgbrug.app.console.ConsoleProperties;
import nl.zorgbrug.app.console.ConsoleTime;
import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;

/**
 * Issue 22, "console and API show which node holds which job; metrics per node", on one node named node-w whose
 * database holds a job of its own, one of another node (node-x) and one nobody holds: the API's list and job answer
 * name the holder and until when, and filter by it; the console's list and job page show it in local time, in Dutch
 * and English, "—" for a job nobody holds, and offer the filter; every page names the node that answers; the health's
 * details name it; every meter carries it, and a gauge counts the jobs it holds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
class NodeHolderWebTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("zorgbrug.node.id", () -> "node-w");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:holders;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
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
    JdbcTemplate jdbc;

    @Autowired
    ConsoleProperties console;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A job in progress whose lease {@code node} holds until {@code until}, as a claim and start leave it. */
    private Job heldBy(String study, String accession, String node, Instant until) {
        return leased(study, accession, "IN_PROGRESS", node, until);
    }

    private Job leased(String study, String accession, String state, String node, Instant until) {
        Job job = manager.accept(study, "UMCX", Direction.EXPORT, accession,
                new JobInstance(0, study + ".1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        // Not due for an hour, so this node's runner leaves them alone; a lease that has not passed is not taken over.
        jdbc.update("update job set state = ?, not_before = ?, lease_owner = ?, lease_until = ? where id = ?", state,
                Timestamp.from(Instant.now().plusSeconds(3600)), node, Timestamp.from(until), job.id());
        return job;
    }

    @Test
    void theHolderOfEachJobShowsInTheApiTheConsoleAndTheMetrics() throws Exception {
        Instant until = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        Job own = heldBy("2.25.2201", "ACC2201", "node-w", until);
        Job other = heldBy("2.25.2202", "ACC2202", "node-x", until);
        // Its lease passed a minute ago (WAITING and not due, so no runner takes it meanwhile).
        Job nobody = leased("2.25.2203", "ACC2203", "WAITING", "node-y", Instant.now().minusSeconds(60));
        String local = new ConsoleTime(console.timeZone()).of(until);

        // The API's list: the holder and until when beside the job's own fields; none for a passed lease.
        JsonNode list = json.readTree(get("/api/jobs?institution=UMCX", "anna", "auditor-test").body());
        assertThat(list).hasSize(3);
        for (JsonNode j : list) {
            long id = j.get("id").asLong();
            assertThat(j.get("studyInstanceUid").asText()).startsWith("2.25.220");
            if (id == own.id()) {
                assertThat(j.get("node").asText()).isEqualTo("node-w");
                assertThat(Instant.parse(j.get("leaseUntil").asText())).isEqualTo(until);
            } else if (id == other.id()) {
                assertThat(j.get("node").asText()).isEqualTo("node-x");
            } else {
                assertThat(id).isEqualTo(nobody.id());
                assertThat(j.has("node")).as("a passed lease holds nothing").isFalse();
                assertThat(j.has("leaseUntil")).isFalse();
            }
        }
        JsonNode onX = json.readTree(get("/api/jobs?node=node-x", "anna", "auditor-test").body());
        assertThat(onX).hasSize(1);
        assertThat(onX.get(0).get("id").asLong()).isEqualTo(other.id());
        assertThat(json.readTree(get("/api/jobs?node=node-y", "anna", "auditor-test").body())).isEmpty();
        JsonNode one = json.readTree(get("/api/jobs/" + other.id(), "anna", "auditor-test").body());
        assertThat(one.get("node").asText()).isEqualTo("node-x");
        assertThat(Instant.parse(one.get("leaseUntil").asText())).isEqualTo(until);
        assertThat(json.readTree(get("/api/jobs/" + nobody.id(), "anna", "auditor-test").body()).has("node")).isFalse();

        // The console: a column and a filter, in English and Dutch, local time; the header names this node.
        String en = get("/?lang=en&institution=UMCX", "olga", "operator-test").body();
        assertThat(en).contains("Held by node").contains("node-x until " + local).contains("node-w until " + local)
                .contains("<td class=\"node\">—</td>").contains("id=\"node-id\"").contains("node node-w")
                .contains("<option value=\"node-x\">node-x</option>").doesNotContain("node-y until");
        String nl = get("/?lang=nl&institution=UMCX", "olga", "operator-test").body();
        assertThat(nl).contains("Bij knooppunt").contains("node-x tot " + local).contains("knooppunt node-w");
        String filtered = get("/jobs/table?lang=en&node=node-x", "olga", "operator-test").body();
        assertThat(filtered).contains("ACC2202").doesNotContain("ACC2201").doesNotContain("ACC2203");
        assertThat(get("/?lang=en&node=node-x", "olga", "operator-test").body())
                .contains("<option value=\"node-x\" selected=\"selected\">node-x</option>");
        String csv = get("/jobs.csv?institution=UMCX&node=node-x", "olga", "operator-test").body();
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv.split("\r\n")[1]).startsWith(other.id() + ",IN_PROGRESS,").endsWith(",node-x," + local);
        assertThat(get("/jobs.csv?institution=UMCX", "olga", "operator-test").body())
                .containsPattern("(?m)^" + nobody.id() + ",WAITING,.*,,$");
        assertThat(get("/jobs/" + own.id() + "?lang=en", "olga", "operator-test").body())
                .contains("node-w until " + local);
        assertThat(get("/jobs/" + nobody.id() + "?lang=nl", "olga", "operator-test").body())
                .contains("<dd id=\"held-by\">—</dd>");

        // Which node answers: the health's details (for a person logged in), every meter, the held gauge.
        assertThat(get("/actuator/health", "anna", "auditor-test").body()).contains("\"node\":\"node-w\"");
        String metrics = get("/actuator/prometheus", "anna", "auditor-test").body();
        assertThat(metrics).contains("zorgbrug_jobs_held{node=\"node-w\"} 1.0")
                .contains("zorgbrug_jobs{node=\"node-w\",state=\"IN_PROGRESS\"} 2.0");
        assertThat(metrics.lines().filter(l -> l.startsWith("zorgbrug_") || l.startsWith("jvm_")))
                .isNotEmpty().allMatch(l -> l.contains("node=\"node-w\""));
    }
}

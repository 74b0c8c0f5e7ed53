package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.audit.codes.EventIdCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.micrometer.core.instrument.MeterRegistry;
import nl.zorgbrug.audit.export.atna.AtnaTestServer;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.dicom.net.tls.TestPki;

/**
 * The export in the running node (issue 17: "ATNA messages arrive at the test's syslog-TLS server, also after it
 * was down for a while"): the console's logins reach IPF's TLS syslog server as DICOM User Authentication messages;
 * while the server is down they wait in the trail and the backlog metric counts them; when it is back all of the
 * trail arrives in order, and the cursor in the database (V20) stands at the trail's end.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class)
@AutoConfigureMockMvc
class AuditExportNodeTest {
    private static Path dir;
    private static TestPki pki;
    private static AtnaTestServer repository;

    /** The PKI and the repository, made when the node's settings are first read. */
    private static synchronized AtnaTestServer repository() {
        if (repository == null) {
            try {
                dir = Files.createTempDirectory("zorgbrug-atna");
                pki = new TestPki(dir.resolve("pki"));
                repository = new AtnaTestServer(pki);
                repository.writeTrustStore(dir.resolve("repository-ca.p12"));
            } catch (Exception e) {
                throw new IllegalStateException("the test's audit repository did not start: " + e, e);
            }
        }
        return repository;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> {
            repository();
            return dir.resolve("data").toString();
        });
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:auditexport;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.users[0].name", () -> "olga");
        r.add("zorgbrug.users[0].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[0].roles[0]", () -> "OPERATOR");
        r.add("zorgbrug.audit.organisation-ura", () -> "00001234");
        r.add("zorgbrug.audit.export.atna.host", () -> "127.0.0.1");
        r.add("zorgbrug.audit.export.atna.port", () -> Integer.toString(repository().port()));
        r.add("zorgbrug.audit.export.tls.key-store", () -> pki.p12("client").toString());
        r.add("zorgbrug.audit.export.tls.key-store-password", () -> new String(TestPki.PASSWORD));
        r.add("zorgbrug.audit.export.tls.trust-store", () -> dir.resolve("repository-ca.p12").toString());
        r.add("zorgbrug.audit.export.tls.trust-store-password", () -> new String(TestPki.PASSWORD));
        r.add("zorgbrug.audit.export.app-name", () -> "zorgbrug-export-test");
        r.add("zorgbrug.audit.export.interval", () -> "100ms");
        r.add("zorgbrug.audit.export.retry.initial", () -> "50ms");
        r.add("zorgbrug.audit.export.retry.max", () -> "200ms");
    }

    @AfterAll
    static void stopRepository() {
        if (repository != null) {
            repository.close();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditTrail trail;

    @Autowired
    MeterRegistry registry;

    @Autowired
    DataSource dataSource;

    private double backlog() {
        return registry.get("zorgbrug.audit.export.backlog").tag("repository", "atna").gauge().value();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void loginsReachTheRepositoryAlsoAfterItWasDown() throws Exception {
        mvc.perform(formLogin("/login").user("olga").password("operator-test"));
        await("the login at the repository", () -> repository.messages().stream().anyMatch(m ->
                m.getEventIdentification().getEventID().getCode().equals(EventIdCode.UserAuthentication.getCode())));
        await("the trail sent", () -> backlog() == 0);
        int before = repository.received().size();

        repository.down();
        mvc.perform(formLogin("/login").user("olga").password("wrong"));
        mvc.perform(formLogin("/login").user("olga").password("operator-test"));
        await("records waiting while the repository is down", () -> backlog() >= 2);
        Thread.sleep(300);
        assertThat(repository.received()).hasSize(before);

        repository.up();
        await("the backlog sent", () -> backlog() == 0);
        long count = trail.count();
        repository.awaitReceived((int) count);
        assertThat(repository.seqs()).containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
        assertThat(repository.received().get(0).get("syslog.header.appName")).isEqualTo("zorgbrug-export-test");
        List<Long> cursor = new JdbcTemplate(dataSource).queryForList(
                "select acknowledged_seq from audit_export_cursor where repository = 'atna'", Long.class);
        assertThat(cursor).containsExactly(count);
    }
}

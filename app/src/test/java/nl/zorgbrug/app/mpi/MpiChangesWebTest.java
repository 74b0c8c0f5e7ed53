package nl.zorgbrug.app.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.IdentityConflict;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.sbvz.FakeSbvz;
import nl.zorgbrug.gateway.merge.MergedPatients;

/**
 * Issue 16 in the console and the API: a BSN another unconflicted local patient carries is refused, naming that
 * patient masked; the SBV-Z "verify" asks the register through the node's port (here the fake register) and records
 * its answer — verified only on a match, nothing changed without an answer — each change in the audit trail; the page
 * of jobs delivered under a number merged away since, in Dutch and English.
 */
@SpringBootTest(classes = {nl.zorgbrug.app.node.ZorgbrugApplication.class, MpiChangesWebTest.Register.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MpiChangesWebTest {
    static final String ISSUER = "2.16.528.1.1007.99.1";
    static final FakeSbvz REGISTER = new FakeSbvz();

    @TestConfiguration
    static class Register {
        @Bean
        FakeSbvz sbvzPort() {
            return REGISTER;
        }
    }

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("zorgbrug.gateway.local-issuer", () -> ISSUER);
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:mpichanges;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.users[0].name", () -> "ada");
        r.add("zorgbrug.users[0].password", () -> "{noop}admin-test");
        r.add("zorgbrug.users[0].roles[0]", () -> "ADMIN");
        r.add("zorgbrug.users[1].name", () -> "olga");
        r.add("zorgbrug.users[1].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[1].roles[0]", () -> "OPERATOR");
    }

    @LocalServerPort
    int port;

    @Autowired
    MpiStore mpi;

    @Autowired
    MergedPatients merged;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();

    private HttpRequest.Builder request(String path, String user, String password) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> get(String path, String user, String password, String cookie) throws Exception {
        HttpRequest.Builder b = request(path, user, password);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String path, String body) throws Exception {
        HttpRequest.Builder b = request(path, "ada", "admin-test").header("Content-Type", "application/json");
        return http.send(b.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(String path, String user, String password, String[] session, String body)
            throws Exception {
        return http.send(request(path, user, password).header("Cookie", session[0]).header("X-CSRF-TOKEN", session[1])
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String[] session(HttpResponse<String> page) {
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as("a form with a CSRF token").isTrue();
        return new String[] {String.join("; ", page.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";")[0]).toList()), token.group(1)};
    }

    private static String patient(String localId, String bsn, String status, String family) {
        return "{\"localId\":\"" + localId + "\",\"bsn\":\"" + bsn + "\",\"bsnStatus\":\"" + status
                + "\",\"familyName\":\"" + family + "\",\"givenName\":\"Olga\",\"birthDate\":\"19650302\",\"sex\":\"F\"}";
    }

    @Test
    void aTakenBsnIsRefusedAndVerifyAsksTheRegisterAndEveryChangeIsAudited() throws Exception {
        List<String> bsns = TestBsns.first(24).subList(20, 24);
        REGISTER.register(Bsn.parse(bsns.get(0)), "Jansen", "F", "19650302");

        assertThat(api("/api/mpi/patients", patient("PAT-81", bsns.get(0), "VALIDATED", "Jansen")).statusCode())
                .isEqualTo(200);
        HttpResponse<String> taken = api("/api/mpi/patients", patient("PAT-82", bsns.get(0), "VALIDATED", "Jansen"));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(taken.body()).contains(Bsn.mask("PAT-81")).doesNotContain("PAT-81").doesNotContain(bsns.get(0));
        assertThat(mpi.byLocalId("PAT-82", ISSUER)).isEmpty();
        // A patient the feed marked conflicted does not block the BSN: the person decides (and clears it by saving).
        mpi.save(new MpiPatient("PAT-85", ISSUER, Bsn.parse(bsns.get(3)), BsnStatus.VERIFIED, "Pietersen", null, null,
                null, null, new IdentityConflict(IdentityConflict.Kind.DUPLICATE_BSN, "test", Instant.now())));
        assertThat(api("/api/mpi/patients", patient("PAT-86", bsns.get(3), "VALIDATED", "Pietersen")).statusCode())
                .isEqualTo(200);

        // The register's answer, and its time, with the patient; verified only on a match.
        JsonNode verified = json.readTree(api("/api/mpi/patients/PAT-81/verify", null).body());
        assertThat(verified.get("sbvzAnswer").asText()).isEqualTo("MATCH");
        assertThat(verified.get("bsnVerified").asBoolean()).isTrue();
        assertThat(mpi.byLocalId("PAT-81", ISSUER).orElseThrow().bsnStatus())
                .isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);

        assertThat(api("/api/mpi/patients", patient("PAT-83", bsns.get(1), "VALIDATED", "Bakker")).statusCode())
                .isEqualTo(200);
        REGISTER.register(Bsn.parse(bsns.get(1)), "De Boer", "F", "19650302");
        JsonNode mismatch = json.readTree(api("/api/mpi/patients/PAT-83/verify", null).body());
        assertThat(mismatch.get("sbvzAnswer").asText()).isEqualTo("MISMATCH");
        assertThat(mismatch.get("bsnVerified").asBoolean()).isFalse();
        assertThat(mismatch.get("conflict").asText()).isEqualTo("DEMOGRAPHICS");

        // No answer: 503, nothing changed.
        assertThat(api("/api/mpi/patients", patient("PAT-84", bsns.get(2), "VALIDATED", "Visser")).statusCode())
                .isEqualTo(200);
        REGISTER.available(false);
        try {
            HttpResponse<String> none = api("/api/mpi/patients/PAT-84/verify", null);
            assertThat(none.statusCode()).isEqualTo(503);
            assertThat(none.body()).contains("did not answer");
        } finally {
            REGISTER.available(true);
        }
        MpiPatient unchanged = mpi.byLocalId("PAT-84", ISSUER).orElseThrow();
        assertThat(unchanged.bsnStatus()).isEqualTo(BsnStatus.VALIDATED);
        assertThat(unchanged.verification()).isNull();

        List<AuditEvent> all = new JdbcAuditStore(dataSource).read(0, 1000).stream().map(AuditRecord::event).toList();
        List<AuditEvent> trail = all.stream().filter(e -> e.type() == EventType.MPI_CHANGE).toList();
        // One event per change (issue 17): the MPI's own, with the patient and what was done, not a second
        // PATIENT_CHANGE of the request beside it.
        assertThat(all).noneMatch(e -> e.type() == EventType.PATIENT_CHANGE);
        assertThat(trail).filteredOn(e -> "PAT-81".equals(e.patient().localId())).hasSize(2)
                .allSatisfy(e -> assertThat(e.accessPoint().host()).isEqualTo("127.0.0.1"));
        assertThat(trail).filteredOn(e -> "PAT-86".equals(e.patient().localId())).hasSize(1);
        assertThat(trail).filteredOn(e -> "PAT-81".equals(e.patient().localId())).extracting(AuditEvent::detail)
                .anyMatch(d -> d.startsWith("saved by a person")).anyMatch(d -> d.contains("answer MATCH"));
        assertThat(trail).filteredOn(e -> "PAT-83".equals(e.patient().localId())).extracting(AuditEvent::detail)
                .anyMatch(d -> d.contains("answer MISMATCH"));
        assertThat(trail).allMatch(e -> e.actor().userId().equals("ada"));
        // What was refused or left undone is in the trail as such, and nothing more.
        assertThat(trail).filteredOn(e -> "PAT-84".equals(e.patient().localId()) && e.detail().contains("SBV-Z"))
                .singleElement().satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(nl.zorgbrug.audit.event.Outcome.SERIOUS_FAILURE);
                    assertThat(e.detail()).contains("did not answer, nothing changed");
                });
        assertThat(trail).filteredOn(e -> "PAT-82".equals(e.patient().localId())).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(nl.zorgbrug.audit.event.Outcome.MINOR_FAILURE);
            assertThat(e.detail()).startsWith("save refused");
        });
    }

    @Test
    void theConsoleVerifiesRefusesATakenBsnAndListsWhatWasDeliveredUnderAMergedNumber() throws Exception {
        List<String> bsns = TestBsns.first(30).subList(26, 28);
        REGISTER.register(Bsn.parse(bsns.get(0)), "Smit", "M", "19700101");
        mpi.save(new MpiPatient("PAT-91", ISSUER, Bsn.parse(bsns.get(0)), BsnStatus.VALIDATED, "Smit", "Jan",
                "19700101", "M"));

        assertThat(get("/mpi?edit=PAT-91&lang=en", "olga", "operator-test", null).body())
                .doesNotContain("id=\"verify-patient\"");
        HttpResponse<String> page = get("/mpi?edit=PAT-91&lang=en", "ada", "admin-test", null);
        assertThat(page.body()).contains("id=\"verify-patient\"").contains("Verify with the SBV-Z");
        String[] s = session(page);
        assertThat(form("/mpi/patients/PAT-91/verify", "olga", "operator-test", s, "").statusCode()).isEqualTo(403);
        assertThat(form("/mpi/patients/PAT-91/verify", "ada", "admin-test", s, "").statusCode()).isEqualTo(302);
        assertThat(mpi.byLocalId("PAT-91", ISSUER).orElseThrow().bsnStatus())
                .isEqualTo(BsnStatus.VERIFIED_AND_VALIDATED);
        assertThat(get("/mpi?edit=PAT-91&lang=nl", "ada", "admin-test", s[0]).body())
                .contains("Het BSN-register antwoordde voor patiënt PAT-91").contains("(geverifieerd)");

        assertThat(form("/mpi/patients", "ada", "admin-test", s, "localId=PAT-92&bsn=" + bsns.get(0)
                + "&bsnStatus=VALIDATED&familyName=Smit").statusCode()).isEqualTo(302);
        assertThat(mpi.byLocalId("PAT-92", ISSUER)).isEmpty();
        // The save redirects to the search for the name; the message is shown there (a flash for that address).
        assertThat(get("/mpi?name=Smit&lang=en", "ada", "admin-test", s[0]).body())
                .contains("local patient " + Bsn.mask("PAT-91") + " already has this BSN")
                .doesNotContain(bsns.get(0));

        // Delivered under PAT-OLD, which the EPD then merged into PAT-NEW: listed for a person.
        assertThat(get("/mpi/merges?lang=en", "olga", "operator-test", null).body()).contains("id=\"none\"");
        jdbc.update("insert into job (study_instance_uid, destination, direction, state, not_before, created, updated,"
                + " patient_id, accession_number) values ('2.25.9101', 'umcx', 'EXPORT', 'DONE', ?, ?, ?, 'PAT-OLD',"
                + " 'ACC9101')", Timestamp.from(Instant.now()), Timestamp.from(Instant.now()),
                Timestamp.from(Instant.now()));
        merged.record(new MergedPatients.Merge("PAT-OLD", "PAT-NEW", "A40", Instant.now()));
        String nl = get("/mpi/merges?lang=nl", "olga", "operator-test", null).body();
        assertThat(nl).contains("Afgeleverd onder een samengevoegd patiëntnummer").contains("PAT-OLD")
                .contains("PAT-NEW").contains("ACC9101").contains("umcx").doesNotContain("id=\"none\"");
        assertThat(get("/mpi/merges?lang=en", "olga", "operator-test", null).body())
                .contains("Delivered under a merged patient number").contains("have them merged there too");
    }
}

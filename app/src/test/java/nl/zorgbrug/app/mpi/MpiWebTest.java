package nl.zorgbrug.app.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.MpiStore;

/**
 * The MPI in the console (issue 15): an administrator uploads the CSV export and adds or changes one patient
 * without curl; anyone searches by name without minding accents; BSNs masked unless the role may see them.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MpiWebTest {
    static final String ISSUER = "2.16.528.1.1007.99.1";

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("zorgbrug.gateway.local-issuer", () -> ISSUER);
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:mpiweb;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
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
    nl.zorgbrug.gateway.job.JobManager manager;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpRequest.Builder request(String path, String user, String password) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        return http.send(request(path, user, password).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A console page's session cookies and CSRF token, to post its forms as a browser does. */
    private record Session(String cookie, String csrf) {
        static Session of(HttpResponse<String> page) {
            Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(token.find()).as("a form with a CSRF token").isTrue();
            return new Session(String.join("; ", page.headers().allValues("Set-Cookie").stream()
                    .map(c -> c.split(";")[0]).toList()), token.group(1));
        }
    }

    private HttpResponse<String> post(String path, String user, String password, Session s, String contentType,
                                      byte[] body) throws Exception {
        return http.send(request(path, user, password).header("Cookie", s.cookie()).header("X-CSRF-TOKEN", s.csrf())
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void administratorsUploadAndChangePatientsAndEveryoneSearchesWithoutMindingAccents() throws Exception {
        List<String> bsns = TestBsns.first(2);
        String csv = "local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date,sex\n"
                + "PAT-71," + ISSUER + "," + bsns.get(0) + ",validated,Çelik,Ayşe,19700101,F\n"
                + "PAT-72," + ISSUER + "," + bsns.get(1) + ",verified,Jansen,Piet,19800202,M\n";

        // A job held because its patient was unknown: the upload releases it for a new attempt, by itself.
        nl.zorgbrug.gateway.job.Job held = manager.hold(manager.accept("2.25.71", "ownpacs",
                nl.zorgbrug.gateway.job.Direction.IMPORT, "ACC71", new nl.zorgbrug.gateway.job.JobInstance(0,
                        "2.25.71.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false)),
                "PATIENT_NOT_IN_MPI: The patient is not in the master patient index.");

        // An operator searches but has no upload or patient form.
        assertThat(get("/mpi?lang=en", "olga", "operator-test").body()).doesNotContain("id=\"upload\"")
                .doesNotContain("id=\"patient\"");
        HttpResponse<String> page = get("/mpi?lang=en", "ada", "admin-test");
        assertThat(page.body()).contains("id=\"upload\"").contains("id=\"patient\"");
        Session session = Session.of(page);

        String boundary = "zb" + System.nanoTime();
        byte[] multipart = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mpi.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> uploaded = post("/mpi/import", "ada", "admin-test", session,
                "multipart/form-data; boundary=" + boundary, multipart);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(302);
        assertThat(mpi.count()).isEqualTo(2);
        assertThat(manager.get(held.id()).state()).isNotEqualTo(nl.zorgbrug.gateway.job.JobState.HELD);
        assertThat(get("/api/jobs/" + held.id(), "olga", "operator-test").body())
                .contains("automatic release HELD -> WAITING").contains("automatic recheck the MPI changed");
        // The redirect's page, in the same session, says what the upload did.
        assertThat(http.send(request("/mpi?lang=en", "ada", "admin-test").header("Cookie", session.cookie()).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("2 patients imported")
                .contains("1 held jobs released for a new attempt");

        String found = get("/mpi?name=CELIK&lang=en", "olga", "operator-test").body();
        assertThat(found).contains("PAT-71").contains("Çelik").contains("1970-01-01")
                .contains("validated (identified with an identity document)").contains("*****" + bsns.get(0).substring(5))
                .doesNotContain(bsns.get(0)).doesNotContain("PAT-72");

        // The change form shows the BSN masked to an administrator; left so, it keeps the stored BSN.
        String edit = get("/mpi?edit=PAT-71&lang=en", "ada", "admin-test").body();
        assertThat(edit).contains("value=\"*****" + bsns.get(0).substring(5) + "\"").doesNotContain(bsns.get(0));
        String form = "localId=PAT-71&bsn=%2A%2A%2A%2A%2A" + bsns.get(0).substring(5)
                + "&bsnStatus=VALIDATED&familyName=%C3%87elik-Yilmaz&givenName=Ay%C5%9Fe&birthDate=19700101&sex=F";
        assertThat(post("/mpi/patients", "olga", "operator-test", session, "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(403);
        HttpResponse<String> saved = post("/mpi/patients", "ada", "admin-test", session,
                "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8));
        assertThat(saved.statusCode()).isEqualTo(302);
        MpiPatient changed = mpi.byLocalId("PAT-71", ISSUER).orElseThrow();
        assertThat(changed.familyName()).isEqualTo("Çelik-Yilmaz");
        assertThat(changed.bsn().value()).isEqualTo(bsns.get(0));
        assertThat(changed.bsnStatus()).isEqualTo(BsnStatus.VALIDATED);

        // A new patient, and a bad BSN that changes nothing.
        assertThat(post("/mpi/patients", "ada", "admin-test", session, "application/x-www-form-urlencoded",
                "localId=PAT-73&bsn=&bsnStatus=NONE&familyName=Nieuw&birthDate=20260101".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(302);
        assertThat(mpi.byLocalId("PAT-73", ISSUER)).hasValueSatisfying(p -> assertThat(p.bsn()).isNull());
        post("/mpi/patients", "ada", "admin-test", session, "application/x-www-form-urlencoded",
                "localId=PAT-72&bsn=123456789&bsnStatus=VALIDATED&familyName=Jansen".getBytes(StandardCharsets.UTF_8));
        assertThat(mpi.byLocalId("PAT-72", ISSUER).orElseThrow().bsn().value()).isEqualTo(bsns.get(1));
        assertThat(mpi.search(null, "celik yil", null)).isEmpty();
        assertThat(mpi.search(null, "celik-yil", null)).extracting(MpiPatient::localId).containsExactly("PAT-71");
    }
}

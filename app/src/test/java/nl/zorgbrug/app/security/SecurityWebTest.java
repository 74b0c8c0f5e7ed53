package nl.zorgbrug.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.job.JobInstance;
import nl.zorgbrug.gateway.job.JobManager;
import nl.zorgbrug.gateway.job.JobState;

/**
 * Issue 15's security findings over HTTP: no cross-site request with the console's cookie alone, the headers
 * that keep pages from being framed or mixed with other sites' content, and the lock-out after failed logins.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SecurityWebTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:security;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.users[0].name", () -> "olga");
        r.add("zorgbrug.users[0].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[0].roles[0]", () -> "OPERATOR");
        r.add("zorgbrug.users[1].name", () -> "lotte");
        r.add("zorgbrug.users[1].password", () -> "{noop}lotte-test");
        r.add("zorgbrug.users[1].roles[0]", () -> "OPERATOR");
        r.add("zorgbrug.login.max-failures", () -> "3");
    }

    @LocalServerPort
    int port;

    @Autowired
    JobManager manager;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .map(c -> c.substring(0, c.indexOf(';'))).orElseThrow();
    }

    private static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a form with the CSRF token").isTrue();
        return m.group(1);
    }

    private HttpResponse<String> formLogin(String user, String password) throws Exception {
        HttpResponse<String> page = send(request("/login"));
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf(page.body());
        return send(request("/login").header("Cookie", cookie(page))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private Job heldJob(String study) {
        Job job = manager.accept(study, "UMCX", Direction.EXPORT, "ACC-" + study,
                new JobInstance(0, study + ".1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false));
        return manager.hold(job, "a person checks it first");
    }

    @Test
    void aRequestWithOnlyTheSessionCookieCannotReleaseAJob() throws Exception {
        Job job = heldJob("2.25.1501");
        HttpResponse<String> login = formLogin("olga", "operator-test");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        String session = cookie(login);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("JSESSIONID=").containsIgnoringCase("SameSite=Strict").containsIgnoringCase("HttpOnly"));

        // What another site's form can send: the browser adds the cookie, the site cannot know the token.
        for (String action : new String[] {"release", "retry", "cancel"}) {
            HttpResponse<String> forged = send(request("/api/jobs/" + job.id() + "/" + action).header("Cookie", session)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(forged.statusCode()).as(action).isEqualTo(403);
        }
        assertThat(manager.get(job.id()).state()).isEqualTo(JobState.HELD);

        // The console's own page carries the token; with it, the cookie session may act.
        String token = csrf(send(request("/jobs/" + job.id()).header("Cookie", session)).body());
        HttpResponse<String> released = send(request("/api/jobs/" + job.id() + "/release").header("Cookie", session)
                .header("X-CSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(manager.get(job.id()).state()).isNotEqualTo(JobState.HELD);
    }

    @Test
    void apiCallsWithTheirOwnCredentialsNeedNoToken() throws Exception {
        Job job = heldJob("2.25.1502");
        HttpResponse<String> released = send(request("/api/jobs/" + job.id() + "/release")
                .header("Authorization", basic("olga", "operator-test")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(manager.get(job.id()).state()).isNotEqualTo(JobState.HELD);
    }

    /**
     * Issue 17: the session cookie is Secure behind TLS. The node behind a TLS-terminating proxy (here: on this host,
     * the trusted one by default) hears of it by X-Forwarded-Proto; over plain HTTP the cookie cannot be Secure, or
     * the browser would never send it back.
     */
    @Test
    void theSessionCookieIsSecureWhenTheRequestCameOverTls() throws Exception {
        HttpResponse<String> overTls = send(request("/login").header("X-Forwarded-Proto", "https"));
        assertThat(overTls.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
                .containsIgnoringCase("; Secure").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict"));
        HttpResponse<String> plain = send(request("/login"));
        assertThat(plain.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
                .doesNotContainIgnoringCase("Secure").containsIgnoringCase("HttpOnly"));
    }

    /** Issue 17: passwords are kept as bcrypt hashes; a configured {bcrypt} hash logs in, the password itself does not. */
    @Test
    void aUserWithABcryptHashLogsInWithThePasswordNotWithTheHash() throws Exception {
        String hash = "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder()
                .encode("bcrypt-user-test");
        assertThat(encoder.matches("bcrypt-user-test", hash)).isTrue();
        assertThat(encoder.matches(hash, hash)).isFalse();
        assertThat(encoder.encode("anything")).startsWith("{bcrypt}$2");
    }

    @Autowired
    org.springframework.security.crypto.password.PasswordEncoder encoder;

    @Test
    void pagesForbidFramingSniffingAndOtherSitesContent() throws Exception {
        HttpResponse<String> login = send(request("/login"));
        assertThat(login.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");
    }

    @Test
    void failedLoginsAreLoggedAndLockTheUserNameOut(CapturedOutput output) throws Exception {
        String wrong = "not-lottes-password-1501";
        for (int i = 0; i < 3; i++) {
            assertThat(send(request("/api/jobs").header("Authorization", basic("lotte", wrong))).statusCode()).isEqualTo(401);
        }
        // Locked out: the right password does not help now, by HTTP Basic nor on the login page.
        assertThat(send(request("/api/jobs").header("Authorization", basic("lotte", "lotte-test"))).statusCode())
                .isEqualTo(401);
        assertThat(formLogin("lotte", "lotte-test").headers().firstValue("Location").orElse("")).endsWith("/login?locked");
        // Another user at the same address is not.
        assertThat(send(request("/api/jobs").header("Authorization", basic("olga", "operator-test"))).statusCode())
                .isEqualTo(200);

        assertThat(output.getOut()).contains("failed login of user 'lotte' from 127.0.0.1 (3 of 3 for this user")
                .contains("refused login of user 'lotte' from 127.0.0.1: locked out").doesNotContain(wrong);
    }
}

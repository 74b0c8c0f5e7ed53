package nl.zorgbrug.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.app.access.AccessPolicy;
import nl.zorgbrug.app.access.AccessPolicy.UserRole;
import nl.zorgbrug.app.audit.AuditConfiguration;
import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Outcome;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.testidp.TestIdentityProvider;

/**
 * Issue 17, "OIDC login (the hospital's Keycloak or Entra ID) beside local users; tested against a real OIDC provider
 * started by the test": Spring Authorization Server on a loopback port with a person per role; a browser (an HTTP
 * client that keeps cookies and follows redirects) goes through the authorization code flow: the node's login page,
 * the provider's login form, back to the node. Each person then gets what their role may have and no more; the trail
 * records the login with the user id, name and role from the token, and the refused login of a person whose token
 * gives no role of the node.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OidcLoginTest {
    static final TestIdentityProvider PROVIDER = TestIdentityProvider.start();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:oidc;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.users[0].name", () -> "olga");
        r.add("zorgbrug.users[0].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[0].roles[0]", () -> "OPERATOR");
        r.add("zorgbrug.audit.organisation-ura", () -> "00001234");
        r.add("zorgbrug.oidc.issuer-uri", PROVIDER::issuer);
        r.add("zorgbrug.oidc.client-id", () -> TestIdentityProvider.CLIENT_ID);
        r.add("zorgbrug.oidc.client-secret", () -> TestIdentityProvider.CLIENT_SECRET);
        r.add("zorgbrug.oidc.display-name", () -> "Ziekenhuis-ID");
        r.add("zorgbrug.oidc.role-claim", () -> "groups");
        r.add("zorgbrug.oidc.ura-claim", () -> "ura");
        r.add("zorgbrug.oidc.roles.zb-admin[0]", () -> "ADMIN");
        r.add("zorgbrug.oidc.roles.zb-operator[0]", () -> "OPERATOR");
        r.add("zorgbrug.oidc.roles.zb-clinician[0]", () -> "CLINICIAN");
        r.add("zorgbrug.oidc.roles.zb-quality[0]", () -> "QUALITY_OFFICER");
        r.add("zorgbrug.oidc.roles.zb-privacy[0]", () -> "PRIVACY_OFFICER");
        r.add("zorgbrug.oidc.roles.zb-auditor[0]", () -> "AUDITOR");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    AuditConfiguration.AuditActors actors;

    @BeforeEach
    void registerNode() {
        PROVIDER.registerNode(port);
    }

    /** The people of the provider who have a role of the node, with it. */
    static final Map<String, UserRole> ROLES = Map.of("a.admin", UserRole.ADMIN, "o.operator", UserRole.OPERATOR,
            "c.clinician", UserRole.CLINICIAN, "q.quality", UserRole.QUALITY_OFFICER,
            "p.privacy", UserRole.PRIVACY_OFFICER, "r.auditor", UserRole.AUDITOR);

    /** Pages and API calls each role is asked for: some it may have, some not. */
    static final List<String> ASKED = List.of("/", "/mpi", "/quarantine", "/institutions", "/compliance",
            "/privacy", "/privacy/overview", "/privacy/trail", "/api/jobs", "/api/mpi", "/status");

    /** A browser: keeps the cookies of both servers and follows redirects. */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL).build();

        HttpResponse<String> get(String url) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private String node(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        if (m.find()) {
            return m.group(1);
        }
        Matcher reversed = Pattern.compile("value=\"([^\"]+)\"[^>]*name=\"_csrf\"").matcher(html);
        assertThat(reversed.find()).as("a CSRF token in %s", html).isTrue();
        return reversed.group(1);
    }

    /**
     * The whole flow as a person does it: the node's login page and its link to the provider, the provider's form,
     * and back. Returns the last answer (the node's page after the login, or its login page when refused).
     */
    private HttpResponse<String> logIn(Browser browser, String login) throws Exception {
        HttpResponse<String> page = browser.get(node("/login"));
        Matcher link = Pattern.compile("id=\"oidc-login\"[^>]*href=\"([^\"]+)\"").matcher(page.body());
        assertThat(link.find()).as("the node's login page links to the provider").isTrue();
        assertThat(page.body()).contains("Ziekenhuis-ID");
        HttpResponse<String> form = browser.get(node(link.group(1)));
        assertThat(form.uri().toString()).as("the provider's own login form").startsWith(PROVIDER.issuer() + "/login");
        TestIdentityProvider.Person person = TestIdentityProvider.PEOPLE.get(login);
        return browser.post(PROVIDER.issuer() + "/login", Map.of("username", person.login(), "password",
                person.password(), "_csrf", csrf(form.body())));
    }

    private List<AuditEvent> trail() {
        return new JdbcAuditStore(dataSource).read(0, 10_000).stream().map(AuditRecord::event).toList();
    }

    @Test
    void everyRoleLogsInThroughTheProviderAndGetsWhatItsRoleMayHaveRecordedWithTheTokensIdentity() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, UserRole> e : ROLES.entrySet()) {
            Browser browser = new Browser();
            HttpResponse<String> landed = logIn(browser, e.getKey());
            assertThat(landed.uri().toString()).as("%s is back at the node, logged in", e.getKey())
                    .startsWith(node("/")).doesNotContain("/login");
            assertThat(landed.statusCode()).as("%s's start page", e.getKey()).isEqualTo(200);
            // Each role starts at its work: the job list, or the privacy officer's own page.
            assertThat(landed.uri().getPath()).isEqualTo(e.getValue() == UserRole.PRIVACY_OFFICER ? "/privacy" : "/");
            int allowed = 0;
            int refused = 0;
            for (String path : ASKED) {
                boolean expected = AccessPolicy.allows("GET", path, EnumSet.of(e.getValue()), true);
                HttpResponse<String> answer = browser.get(node(path));
                // Past the access check: any answer but 401/403 and the login page (an API answers a browser's
                // Accept: text/html with 406, which is past it too).
                boolean letIn = answer.statusCode() != 401 && answer.statusCode() != 403
                        && !answer.uri().getPath().equals("/login");
                if (letIn != expected) {
                    wrong.add(e.getKey() + " " + path + ": " + answer.statusCode() + " at " + answer.uri());
                }
                allowed += expected ? 1 : 0;
                refused += expected ? 0 : 1;
            }
            assertThat(allowed).as("%s may see something", e.getValue()).isPositive();
            assertThat(refused).as("%s may not see everything", e.getValue()).isPositive();
        }
        assertThat(wrong).isEmpty();

        List<AuditEvent> logins = trail().stream().filter(ev -> ev.type() == EventType.LOGIN).toList();
        for (Map.Entry<String, UserRole> e : ROLES.entrySet()) {
            TestIdentityProvider.Person person = TestIdentityProvider.PEOPLE.get(e.getKey());
            AuditEvent login = logins.stream().filter(ev -> ev.actor().userId().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("no LOGIN of " + e.getKey() + " in " + logins));
            assertThat(login.actor().name()).isEqualTo(person.name());
            assertThat(login.actor().role()).isEqualTo(Role.valueOf(e.getValue().name()));
            assertThat(login.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(login.accessPoint().host()).isEqualTo("127.0.0.1");
            // The URA claim when the token has one, the node's own organisation otherwise.
            assertThat(login.actor().onBehalfOf().value()).isEqualTo(person.ura() == null ? "00001234" : person.ura());
        }
        // A person's later actions are recorded by name (a job's history): the trail knows the name from the token.
        assertThat(actors.person("o.operator").role()).isEqualTo(Role.OPERATOR);
        assertThat(actors.person("o.operator").name()).isEqualTo("Otto Operator");
        assertThat(actors.person("c.clinician").onBehalfOf().value()).isEqualTo("00009876");
    }

    @Test
    void aPersonWhoseTokenGivesNoRoleOfTheNodeIsRefusedAndTheRefusalNamesThem() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> landed = logIn(browser, "s.secretary");
        assertThat(landed.uri().getPath()).isEqualTo("/login");
        assertThat(landed.uri().getQuery()).isEqualTo("refused");
        assertThat(landed.body()).containsAnyOf("geen rol in Zorgbrug", "no role in Zorgbrug");
        assertThat(browser.get(node("/api/jobs")).uri().getPath()).as("still not logged in").isEqualTo("/login");

        AuditEvent refused = trail().stream().filter(ev -> ev.type() == EventType.LOGIN_FAILED)
                .filter(ev -> ev.actor().userId().equals("s.secretary")).findFirst().orElseThrow();
        assertThat(refused.actor().name()).isEqualTo("Sara Secretaresse");
        assertThat(refused.actor().role()).isEqualTo(Role.UNKNOWN);
        assertThat(refused.outcome()).isEqualTo(Outcome.MINOR_FAILURE);
        assertThat(refused.detail()).contains("groups").contains("secretariaat");
        assertThat(refused.accessPoint().host()).isEqualTo("127.0.0.1");
        assertThat(trail()).noneMatch(ev -> ev.type() == EventType.LOGIN && ev.actor().userId().equals("s.secretary"));
    }

    @Test
    void theSessionCookieComesBackFromTheProvidersSiteAndLogoutEndsTheProvidersSessionToo() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> landed = logIn(browser, "r.auditor");
        // Lax, not Strict: the provider's redirect back is a cross-site navigation (RFC 6265bis 5.4.7).
        List<String> nodeCookies = new ArrayList<>();
        for (Optional<HttpResponse<String>> r = Optional.of(landed); r.isPresent(); r = r.get().previousResponse()) {
            if (r.get().uri().getPort() == port) {
                nodeCookies.addAll(r.get().headers().allValues("Set-Cookie"));
            }
        }
        assertThat(nodeCookies).filteredOn(c -> c.startsWith("JSESSIONID=")).isNotEmpty()
                .allMatch(c -> c.contains("SameSite=Lax") && c.contains("HttpOnly"));

        HttpResponse<String> jobs = browser.get(node("/"));
        HttpResponse<String> out = browser.post(node("/logout"), Map.of("_csrf", csrf(jobs.body())));
        assertThat(out.uri().toString()).isEqualTo(node("/login?logout"));
        boolean viaProvider = false;
        for (Optional<HttpResponse<String>> r = out.previousResponse(); r.isPresent(); r = r.get().previousResponse()) {
            viaProvider |= r.get().uri().toString().startsWith(PROVIDER.issuer());
        }
        assertThat(viaProvider).as("the logout went through the provider's end-session endpoint").isTrue();
        // The provider's session ended as well: the next login asks for the password again.
        HttpResponse<String> again = browser.get(node("/oauth2/authorization/hospital"));
        assertThat(again.uri().toString()).startsWith(PROVIDER.issuer() + "/login");
        assertThat(trail()).anyMatch(ev -> ev.type() == EventType.LOGOUT && ev.actor().userId().equals("r.auditor")
                && ev.actor().role() == Role.AUDITOR);
    }

    @Test
    void localUsersStillLogInBesideTheProvider() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.get(node("/login"));
        HttpResponse<String> in = browser.post(node("/login"), Map.of("username", "olga", "password", "operator-test",
                "_csrf", csrf(page.body())));
        assertThat(in.uri().toString()).isEqualTo(node("/"));
        assertThat(in.statusCode()).isEqualTo(200);
        assertThat(trail()).anyMatch(ev -> ev.type() == EventType.LOGIN && ev.actor().userId().equals("olga")
                && ev.actor().role() == Role.OPERATOR);
    }
}

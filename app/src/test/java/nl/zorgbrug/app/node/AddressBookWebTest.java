package nl.zorgbrug.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import nl.zorgbrug.gateway.addressbook.AddressBookCsv;

/** The address book over the API: admins change it, operators read it, imports are all or nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AddressBookWebTest {
    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("zorgbrug.data-dir", () -> dataDir.toString());
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:book;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.users[0].name", () -> "root");
        r.add("zorgbrug.users[0].password", () -> "{noop}admin-test");
        r.add("zorgbrug.users[0].roles[0]", () -> "ADMIN");
        r.add("zorgbrug.users[1].name", () -> "olga");
        r.add("zorgbrug.users[1].password", () -> "{noop}operator-test");
        r.add("zorgbrug.users[1].roles[0]", () -> "OPERATOR");
    }

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    nl.zorgbrug.dicom.net.assoc.Acceptor dicom;

    @org.springframework.beans.factory.annotation.Autowired
    nl.zorgbrug.gateway.addressbook.AddressBook book;

    @org.springframework.beans.factory.annotation.Autowired
    nl.zorgbrug.gateway.job.JobManager manager;

    @org.springframework.beans.factory.annotation.Autowired
    nl.zorgbrug.gateway.job.JobRepository jobs;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String user, String password, String type, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminsMaintainTheBookAndOthersReadIt() throws Exception {
        String umc = "{\"key\":\"umcx\",\"name\":\"UMC X\",\"ura\":\"01234567\",\"agb\":\"06012345\","
                + "\"patientIdIssuerOid\":\"2.16.528.1.1007.99.2\",\"aeTitle\":\"UMCX\",\"host\":\"127.0.0.1\","
                + "\"port\":11112,\"tls\":true,\"stowRsUrl\":null,\"email\":\"pacs@umcx.test\",\"phone\":null}";
        assertThat(send("PUT", "/api/institutions/umcx", "olga", "operator-test", "application/json", umc).statusCode())
                .isEqualTo(403);
        assertThat(send("PUT", "/api/institutions/umcx", "root", "admin-test", "application/json", umc).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/api/institutions", "olga", "operator-test", null, null).body()).contains("\"UMCX\"");
        String bad = umc.replace("01234567", "123");
        HttpResponse<String> rejected = send("PUT", "/api/institutions/umcx", "root", "admin-test", "application/json", bad);
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.body()).contains("ura: 8 digits");

        String csv = send("GET", "/api/institutions/export.csv", "root", "admin-test", null, null).body();
        assertThat(csv).startsWith(AddressBookCsv.HEADER).contains("umcx,UMC X,01234567");
        String badCsv = csv + "mmc,,,,,,,,false,,,\n";
        assertThat(send("POST", "/api/institutions/import", "root", "admin-test", "text/csv", badCsv).statusCode())
                .isEqualTo(400);
        // An entry of the older JSON without the last two fields has neither storage commitment nor a bound subject.
        assertThat(send("GET", "/api/institutions/umcx", "root", "admin-test", null, null).body())
                .contains("\"storageCommitment\":false").contains("\"certificateSubject\":null");
        String twoCsv = csv + "mmc,Maxima MC,,,,MMC,127.0.0.1,104,true,,,,true,\"CN=pacs.mmc.test,O=Maxima MC\"\n";
        assertThat(send("POST", "/api/institutions/import", "root", "admin-test", "text/csv", twoCsv).body())
                .contains("\"imported\":2");
        assertThat(send("GET", "/api/institutions/mmc", "root", "admin-test", null, null).body())
                .contains("\"storageCommitment\":true").contains("\"certificateSubject\":\"CN=pacs.mmc.test,O=Maxima MC\"");
        assertThat(send("GET", "/api/institutions/export.csv", "root", "admin-test", null, null).body())
                .contains("mmc,Maxima MC,,,,MMC,127.0.0.1,104,true,,,,true,\"CN=pacs.mmc.test,O=Maxima MC\"");
        assertThat(send("GET", "/institutions", "olga", "operator-test", null, null).body()).contains("Maxima MC")
                .contains("CN=pacs.mmc.test,O=Maxima MC");
        assertThat(send("DELETE", "/api/institutions/mmc", "root", "admin-test", null, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/institutions/mmc", "root", "admin-test", null, null).statusCode()).isEqualTo(404);

        // Issue 15: an import says whether it replaced the book or merged into it.
        String mmcOnly = AddressBookCsv.HEADER + "\nmmc,Maxima MC,,,,MMC,127.0.0.1,104,false,,,,false,\n";
        assertThat(send("POST", "/api/institutions/import?mode=MERGE", "root", "admin-test", "text/csv", mmcOnly).body())
                .contains("\"mode\":\"MERGE\"").contains("merged").contains("were kept");
        assertThat(send("GET", "/api/institutions/umcx", "root", "admin-test", null, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/institutions/import", "root", "admin-test", "text/csv", mmcOnly).body())
                .contains("\"mode\":\"REPLACE\"").contains("the address book was replaced")
                .contains("removed, as not in the import: umcx");
        assertThat(send("GET", "/api/institutions/umcx", "root", "admin-test", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anAdminGivesAnEntryAnSftpDropWhoseSecretIsNeverReadBack() throws Exception {
        String entry = "{\"key\":\"zha\",\"name\":\"Ziekenhuis A\",\"ura\":\"12345678\"}";
        assertThat(send("PUT", "/api/institutions/zha", "root", "admin-test", "application/json", entry).statusCode())
                .isEqualTo(200);
        String drop = "{\"host\":\"sftp.zha.test\",\"port\":2222,\"user\":\"zorgbrug\",\"hostKeyFingerprint\":\"SHA256:"
                + "A".repeat(43) + "\",\"privateKey\":null,\"password\":\"fallback-secret\",\"folder\":\"in\","
                + "\"preferred\":true}";
        assertThat(send("PUT", "/api/institutions/zha/sftp", "olga", "operator-test", "application/json", drop)
                .statusCode()).isEqualTo(403);
        HttpResponse<String> saved = send("PUT", "/api/institutions/zha/sftp", "root", "admin-test", "application/json",
                drop);
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).contains("\"passwordSet\":true").doesNotContain("fallback-secret");
        assertThat(send("GET", "/api/institutions/zha/sftp", "olga", "operator-test", null, null).body())
                .contains("sftp.zha.test").doesNotContain("fallback-secret");
        assertThat(book.find("zha").orElseThrow().endpoint().orElseThrow())
                .isInstanceOf(nl.zorgbrug.transport.sftp.SftpEndpoint.class);
        HttpResponse<String> bad = send("PUT", "/api/institutions/zha/sftp", "root", "admin-test", "application/json",
                drop.replace("fallback-secret", "").replace("SHA256:", "MD5:"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("sftpHostKey").contains("sftpPrivateKey");
        assertThat(send("DELETE", "/api/institutions/zha/sftp", "root", "admin-test", null, null).statusCode())
                .isEqualTo(204);
        assertThat(book.find("zha").orElseThrow().endpoint()).isEmpty();
    }

    @Test
    void aPersonTestsADestinationWithCEchoAndSeesItsLastSuccessfulDelivery() throws Exception {
        // This node's own listener answers; a port nobody listens on does not.
        book.save(new nl.zorgbrug.gateway.addressbook.Institution("self", "This node", null, null, null, "ZORGBRUG",
                "127.0.0.1", dicom.port(), false, null, null, null, false, null));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        book.save(new nl.zorgbrug.gateway.addressbook.Institution("down", "Down", null, null, null, "DOWN",
                "127.0.0.1", closed, false, null, null, null, false, null));
        nl.zorgbrug.gateway.job.Job job = manager.start(manager.accept("2.25.91", "self",
                nl.zorgbrug.gateway.job.Direction.EXPORT, "ACC91", new nl.zorgbrug.gateway.job.JobInstance(0,
                        "2.25.91.1", "1.2.840.10008.5.1.4.1.1.2", 10, -1, false, false)));
        java.util.List<nl.zorgbrug.gateway.job.JobInstance> acknowledged = jobs.instances(job.id()).stream()
                .map(i -> new nl.zorgbrug.gateway.job.JobInstance(i.jobId(), i.sopInstanceUid(), i.sopClassUid(),
                        i.size(), 0, true, false)).toList();
        nl.zorgbrug.gateway.job.Job done = manager.finish(job, acknowledged, null);
        assertThat(done.state()).isEqualTo(nl.zorgbrug.gateway.job.JobState.DONE);
        String doneAt = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(done.updated().atZone(java.time.ZoneId.of("Europe/Amsterdam")));

        HttpResponse<String> page = send("GET", "/institutions?lang=en", "olga", "operator-test", null, null);
        assertThat(page.body()).contains("id=\"last-self\">" + doneAt + "<").contains("id=\"last-down\">never<")
                .contains("id=\"echo-self\"").doesNotContain(">Delete<");
        String cookie = String.join("; ", page.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";")[0]).toList());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page.body());
        assertThat(token.find()).isTrue();

        assertThat(echo("self", cookie, token.group(1))).contains("self answered the C-ECHO in");
        assertThat(echo("down", cookie, token.group(1))).contains("down did not answer the C-ECHO:");
    }

    /** Posts the test button's form as olga and returns the page the redirect leads to. */
    private String echo(String key, String cookie, String csrf) throws Exception {
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/institutions/" + key + "/echo"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("olga:operator-test"
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/institutions?lang=en"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("olga:operator-test"
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}

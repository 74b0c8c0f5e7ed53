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
}

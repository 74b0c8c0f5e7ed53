package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15: bounded request bodies, and errors that say what is wrong in a sentence, never with a Java class, a
 * library's message or a temporary file's path; STOW-RS answers a body that is not DICOM with 4xx.
 */
@SpringBootTest(classes = nl.zorgbrug.app.node.ZorgbrugApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpLimitsTest {
    static final Path dir = ConsoleBrowserTest.tempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        TestNode.properties(r, dir, "limits", "2.16.528.1.1007.99.1", "1s");
        r.add("zorgbrug.http.max-body-size", () -> "1MB");
    }

    @LocalServerPort
    int httpPort;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String type, HttpRequest.BodyPublisher body,
                                      String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((TestNode.USER + ":"
                        + TestNode.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, body);
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What no answer may show: Java, a library's wording, the node's files. */
    private static void plain(HttpResponse<String> r) {
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("java.").doesNotContain("org.springframework")
                .doesNotContain("/tmp").doesNotContain(dir.toString()).doesNotContainIgnoringCase("whitelabel");
    }

    private static byte[] csvOf(int bytes) {
        StringBuilder csv = new StringBuilder("local_id,local_issuer,bsn,bsn_status,family_name,given_name,birth_date\n");
        for (int i = 0; csv.length() < bytes; i++) {
            csv.append("P").append(i).append(",2.16.528.1.1007.99.1,,UNKNOWN,Test,Patient,19700101\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherItsLengthIsAnnouncedOrNot() throws Exception {
        byte[] big = csvOf(2 * 1024 * 1024);
        HttpResponse<String> announced = send("POST", "/api/mpi/import", "text/csv", HttpRequest.BodyPublishers.ofByteArray(big));
        assertThat(announced.statusCode()).isEqualTo(413);
        assertThat(announced.body()).startsWith("{\"error\":\"").contains("larger than 1 MB");
        plain(announced);

        HttpResponse<String> chunked = send("POST", "/api/mpi/import", "text/csv",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).startsWith("{\"error\":\"");
        plain(chunked);
    }

    @Test
    void errorsAreASentenceWithoutJavaOrPaths() throws Exception {
        HttpResponse<String> badCsv = send("POST", "/api/mpi/import", "text/csv",
                HttpRequest.BodyPublishers.ofString("local_id,local_issuer\nP1\n"));
        assertThat(badCsv.statusCode()).isEqualTo(400);
        assertThat(badCsv.body()).contains("uploaded CSV");
        plain(badCsv);

        HttpResponse<String> notANumber = send("GET", "/api/jobs/abc", null, HttpRequest.BodyPublishers.noBody());
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).isEqualTo("{\"error\":\"'abc' is not a valid id\"}");
        HttpResponse<String> badRange = send("GET", "/api/jobs?state=NOT_A_STATE", null, HttpRequest.BodyPublishers.noBody());
        assertThat(badRange.statusCode()).isEqualTo(400);
        plain(badRange);

        HttpResponse<String> badJson = send("PUT", "/api/institutions/x", "application/json",
                HttpRequest.BodyPublishers.ofString("{\"aeTitle\": [unclosed"));
        assertThat(badJson.statusCode()).as(badJson.body()).isEqualTo(400);
        plain(badJson);

        // A path under the console's pages that nothing serves (one outside AccessPolicy's table is refused first).
        HttpResponse<String> dutch = send("GET", "/jobs/no/such/page", null, HttpRequest.BodyPublishers.noBody(),
                "Accept", "text/html");
        assertThat(dutch.statusCode()).isEqualTo(404);
        assertThat(dutch.body()).contains("Deze pagina of dit item bestaat niet.");
        plain(dutch);
        HttpResponse<String> english = send("GET", "/jobs/no/such/page", null, HttpRequest.BodyPublishers.noBody(),
                "Accept", "text/html", "Cookie", "zorgbrug-lang=en");
        assertThat(english.body()).contains("This page or item does not exist.");
    }

    @Test
    void stowRsAnswersABodyThatIsNotMultipartDicomWith4xxAndTheReason() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(15).nextBytes(noise);
        String multipart = "multipart/related; type=\"application/dicom\"; boundary=zorgbrug-15";
        HttpResponse<String> random = send("POST", "/dicomweb/export-umcx/studies", multipart,
                HttpRequest.BodyPublishers.ofByteArray(noise));
        assertThat(random.statusCode()).isEqualTo(400);
        assertThat(random.body()).contains("\"error\"").contains("multipart/related");
        plain(random);

        HttpResponse<String> noParts = send("POST", "/dicomweb/export-umcx/studies", multipart,
                HttpRequest.BodyPublishers.ofString("--zorgbrug-15--\r\n"));
        assertThat(noParts.statusCode()).isEqualTo(400);
        assertThat(noParts.body()).contains("holds no part");

        HttpResponse<String> octets = send("POST", "/dicomweb/export-umcx/studies", "application/octet-stream",
                HttpRequest.BodyPublishers.ofByteArray(noise));
        assertThat(octets.statusCode()).isEqualTo(415);
        plain(octets);
    }
}

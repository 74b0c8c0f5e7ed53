package nl.zorgbrug.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the Spring node tests share: the settings of a node under test (in-memory H2, a root user with every
 * role, DICOM on a free port, the usual export and import routes) and calls to its REST API as that user.
 */
final class TestNode {
    static final String USER = "root";
    static final String PASSWORD = "admin-test";

    private TestNode() {
    }

    /**
     * Route 0 is "export-umcx" on ZB_EXPORT to "umcx", route 1 "import" on ZB_IMPORT to "ownpacs"; a test adds
     * its own settings (allowed callers, manifest, ...) after these.
     */
    static void properties(DynamicPropertyRegistry r, Path dir, String database, String localIssuer, String quietTime) {
        basics(r, dir, database, localIssuer, quietTime);
        r.add("zorgbrug.users[0].name", () -> USER);
        r.add("zorgbrug.users[0].password", () -> "{noop}" + PASSWORD);
        r.add("zorgbrug.users[0].roles", () -> "ADMIN,OPERATOR,AUDITOR");
        route(r, 0, "export-umcx", "ZB_EXPORT", "EXPORT", "umcx");
        route(r, 1, "import", "ZB_IMPORT", "IMPORT", "ownpacs");
    }

    /** Data under {@code dir}, an in-memory H2 database, DICOM on a free port, a 1 MB spool reserve. */
    static void basics(DynamicPropertyRegistry r, Path dir, String database, String localIssuer, String quietTime) {
        r.add("zorgbrug.data-dir", () -> dir.resolve("data").toString());
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:" + database
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        r.add("zorgbrug.gateway.port", () -> "0");
        r.add("zorgbrug.spool-min-free", () -> "1MB");
        r.add("zorgbrug.gateway.local-issuer", () -> localIssuer);
        r.add("zorgbrug.gateway.quiet-time", () -> quietTime);
    }

    static void route(DynamicPropertyRegistry r, int index, String name, String calledAeTitle, String direction,
                      String destination) {
        String key = "zorgbrug.gateway.routes[" + index + "].";
        r.add(key + "name", () -> name);
        r.add(key + "called-ae-title", () -> calledAeTitle);
        r.add(key + "direction", () -> direction);
        r.add(key + "destination", () -> destination);
    }

    /** Calls the node's REST API as the root user; anything but a 2xx fails the test with the body. */
    static HttpResponse<String> call(HttpClient http, int httpPort, String method, String path, String type, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)));
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return r;
    }
}

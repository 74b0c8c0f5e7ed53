package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import nl.zorgbrug.app.node.ConfigurationError;
import nl.zorgbrug.app.node.ZorgbrugApplication;

/**
 * The {@code zorgbrug.audit.export.*} settings are checked at start: a misspelled key, an ATNA repository without
 * the trust store or the node's key, and a trust store that is not there stop the node with the key named.
 */
class AuditExportSettingsTest {
    @TempDir
    Path dir;

    private List<String> args(String database, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--zorgbrug.data-dir=" + dir.resolve("data"),
                "--spring.datasource.url=jdbc:h2:mem:" + database
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--server.port=0", "--zorgbrug.gateway.port=0",
                "--zorgbrug.users[0].name=root", "--zorgbrug.users[0].password={noop}config-test",
                "--zorgbrug.users[0].roles=ADMIN"));
        args.addAll(List.of(settings));
        return args;
    }

    private static void refused(List<String> args, String... message) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ZorgbrugApplication.class).run(args.toArray(new String[0]))
                .close()).satisfies(e -> {
                    Throwable cause = e;
                    while (cause != null && !(cause instanceof ConfigurationError)) {
                        cause = cause.getCause();
                    }
                    assertThat(cause).as("a ConfigurationError in %s", e).isNotNull();
                    assertThat(cause.getMessage()).contains(message);
                });
    }

    @Test
    void aMisspelledExportKeyIsNamed() {
        refused(args("export1", "--zorgbrug.audit.export.atna.hots=audit.hospital.example"),
                "'hots' is not a setting of zorgbrug.audit.export.atna", "(did you mean host?)");
    }

    @Test
    void anAtnaRepositoryNeedsATrustStoreAndTheNodesKey() throws Exception {
        refused(args("export2", "--zorgbrug.audit.export.atna.host=audit.hospital.example"),
                "zorgbrug.audit.export.tls.trust-store is not set");
        Path trust = java.nio.file.Files.writeString(dir.resolve("ca.p12"), "not read in this test");
        refused(args("export3", "--zorgbrug.audit.export.atna.host=audit.hospital.example",
                "--zorgbrug.audit.export.tls.trust-store=" + trust), "zorgbrug.audit.export.tls.key-store is not set");
        refused(args("export4", "--zorgbrug.audit.export.atna.host=audit.hospital.example",
                "--zorgbrug.audit.export.tls.trust-store=" + dir.resolve("missing.p12"),
                "--zorgbrug.audit.export.tls.key-store=" + trust),
                "zorgbrug.audit.export.tls.trust-store = '" + dir.resolve("missing.p12") + "'", "does not exist");
    }
}

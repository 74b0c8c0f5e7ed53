package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;

/**
 * The export cursor on both databases (V20): it starts at 0, keeps what was acknowledged for a cursor made anew
 * (a node restart), never moves back, and each repository has its own.
 */
class JdbcExportCursorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC);

    static java.util.stream.Stream<String> databases() {
        return JdbcJobRepositoryTest.databases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theCursorSurvivesARestartAndNeverMovesBack(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcExportCursor atna = new JdbcExportCursor(ds, "atna", CLOCK);
            assertThat(atna.acknowledged()).isZero();
            atna.acknowledge(3);
            atna.acknowledge(7);

            assertThat(new JdbcExportCursor(ds, "atna", CLOCK).acknowledged()).isEqualTo(7);
            assertThat(new JdbcExportCursor(ds, "fhir", CLOCK).acknowledged()).isZero();
            assertThatThrownBy(() -> new JdbcExportCursor(ds, "atna", CLOCK).acknowledge(6))
                    .hasMessageContaining("move back from 7 to 6");
            assertThat(new JdbcExportCursor(ds, "atna", CLOCK).acknowledged()).isEqualTo(7);
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }
}

package nl.zorgbrug.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.registry.source.KosRepository.KeptKos;
import nl.zorgbrug.registry.source.KosRepository.KeptReport;

/**
 * The node's repository of KOS manifests (V47, V60) on H2 and PostgreSQL: a job keeps its first KOS and then a chain
 * of replacements (RPLC), its current KOS is the newest, every KOS stays findable for ITI-43, and a second first KOS
 * or a second replacement of the same KOS (two attempts of one job at once) is refused.
 */
class JdbcKosRepositoryTest {

    abstract static class OnDatabase {
        private final String db;
        private String schema;
        private DataSource ds;
        private JdbcKosRepository repository;

        OnDatabase(String db) {
            this.db = db;
        }

        @BeforeEach
        void migrate() throws Exception {
            schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            ds = JdbcJobRepositoryTest.dataSource(db, schema);
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            repository = new JdbcKosRepository(new JdbcTemplate(ds));
        }

        @AfterEach
        void drop() throws Exception {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }

        @Test
        void aJobKeepsItsFirstKosThenReplacementsAndItsCurrentIsTheNewest() {
            Instant made = Instant.parse("2026-12-06T12:00:00Z");
            KeptKos first = kos("2.25.1001", 41, made, null);
            repository.keep(first);
            assertThatThrownBy(() -> repository.keep(kos("2.25.1002", 41, made, null)))
                    .as("a second first KOS").isInstanceOf(IllegalStateException.class);
            repository.registered("2.25.1001", made.plusSeconds(5));

            KeptKos second = kos("2.25.1003", 41, made.plusSeconds(60), "2.25.1001");
            repository.keep(second);
            assertThat(repository.forJob(41)).get().satisfies(k -> {
                assertThat(k.documentUniqueId()).isEqualTo("2.25.1003");
                assertThat(k.replaces()).isEqualTo("2.25.1001");
                assertThat(k.registered()).isNull();
                assertThat(k.kos()).isEqualTo(second.kos());
            });
            assertThat(repository.find("2.25.1001")).get().satisfies(k -> assertThat(k.registered())
                    .isEqualTo(made.plusSeconds(5)));
            assertThatThrownBy(() -> repository.keep(kos("2.25.1004", 41, made, "2.25.1001")))
                    .as("a second replacement of the same KOS").isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> repository.keep(kos("2.25.1005", 42, made, "2.25.1003")))
                    .as("a replacement of another job's KOS").isInstanceOf(IllegalStateException.class);
            assertThat(repository.forJob(41)).get().extracting(KeptKos::documentUniqueId).isEqualTo("2.25.1003");
            assertThat(repository.forJob(42)).isEmpty();

            // What RAD-69 and WADO-RS serve from: the newest KOS of the study the registry took.
            assertThat(repository.registeredForStudy("2.25.77")).as("the replacement is not registered yet").get()
                    .extracting(KeptKos::documentUniqueId).isEqualTo("2.25.1001");
            repository.registered("2.25.1003", made.plusSeconds(70));
            assertThat(repository.registeredForStudy("2.25.77")).get().extracting(KeptKos::documentUniqueId)
                    .isEqualTo("2.25.1003");
            assertThat(repository.registeredForStudy("2.25.78")).as("a study not registered here").isEmpty();
        }

        /** V63: a report is kept with its KOS, once; the second keep of the same uniqueId changes nothing. */
        @Test
        void aReportIsKeptWithItsKosOnce() {
            Instant made = Instant.parse("2026-12-06T12:00:00Z");
            byte[] text = "Geen afwijkingen.\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            repository.keep(kos("2.25.2001", 51, made, null), java.util.List.of(new KeptReport("2.25.2001.9",
                    "2.25.2001", "2.25.77", "text/plain", text, made)));
            repository.keepReport(new KeptReport("2.25.2001.9", "2.25.2999", "2.25.77", "application/pdf",
                    new byte[] {1}, made));
            assertThat(repository.findReport("2.25.2001.9")).get().satisfies(r -> {
                assertThat(r.kosUniqueId()).isEqualTo("2.25.2001");
                assertThat(r.mimeType()).isEqualTo("text/plain");
                assertThat(r.bytes()).isEqualTo(text);
                assertThat(r.created()).isEqualTo(made);
            });
            assertThat(repository.findReport("2.25.2001")).as("a KOS is no report").isEmpty();
            assertThat(repository.find("2.25.2001")).isPresent();
        }

        private static KeptKos kos(String uid, long job, Instant made, String replaces) {
            return new KeptKos(uid, "2.25.77", job, uid.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    "<SubmitObjectsRequest/>", made.truncatedTo(ChronoUnit.MILLIS), null, replaces);
        }
    }

    @Nested
    class H2 extends OnDatabase {
        H2() {
            super("h2");
        }
    }

    @Nested
    class PostgreSql extends OnDatabase {
        PostgreSql() {
            super("postgresql");
        }
    }
}

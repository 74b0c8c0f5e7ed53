package nl.zorgbrug.app.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;
import nl.zorgbrug.gateway.manifest.StudyManifest;

/** The V6 migration and the manifest repository on both databases (H2 and the PostgreSQL at 127.0.0.1:5432). */
class JdbcManifestRepositoryTest {

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private static DataSource dataSource(String db, String schema) throws Exception {
        if (db.equals("h2")) {
            return new SingleConnectionDataSource("jdbc:h2:mem:" + schema
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", true);
        }
        Connection probe;
        try {
            probe = DriverManager.getConnection(JdbcJobRepositoryTest.PG_URL, System.getProperty("user.name"), "");
        } catch (Exception e) {
            try {
                probe = DriverManager.getConnection(JdbcJobRepositoryTest.PG_URL, "postgres", "");
            } catch (Exception e2) {
                String message = "PostgreSQL at " + JdbcJobRepositoryTest.PG_URL + " is not reachable: " + e2.getMessage();
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(message);
                }
                assumeTrue(false, message);
                return null;
            }
        }
        probe.createStatement().execute("create schema " + schema);
        probe.setSchema(schema);
        return new SingleConnectionDataSource(probe, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aManifestIsRecordedReplacedAndReadBackInOrder(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            JdbcJobRepository jobs = new JdbcJobRepository(jdbc);
            JdbcManifestRepository repo = new JdbcManifestRepository(jdbc);
            Job job = jobs.save(Job.open("2.25.8", "ownpacs", Direction.IMPORT, "ACC8", null, null, Instant.now()));
            assertThat(repo.find(job.id())).isEmpty();

            String ct = "1.2.840.10008.5.1.4.1.1.2";
            StudyManifest first = new StudyManifest("2.25.8.900", "2.25.8", "Opmerking met ë", "Verwijsreden",
                    List.of(new StudyManifest.Reference("2.25.8.1", ct, "2.25.8.1.2"),
                            new StudyManifest.Reference("2.25.8.1", ct, "2.25.8.1.1")));
            repo.record(job.id(), first, Instant.now());
            assertThat(repo.find(job.id())).contains(first);

            // The study grew: the newer manifest replaces the older one entirely.
            StudyManifest second = new StudyManifest("2.25.8.901", "2.25.8", null, "Verwijsreden",
                    List.of(new StudyManifest.Reference("2.25.8.1", ct, "2.25.8.1.1"),
                            new StudyManifest.Reference("2.25.8.2", ct, "2.25.8.2.1"),
                            new StudyManifest.Reference("2.25.8.1", ct, "2.25.8.1.2")));
            repo.record(job.id(), second, Instant.now());
            assertThat(repo.find(job.id())).contains(second);
            assertThat(jdbc.queryForObject("select count(*) from job_manifest_instance", Integer.class)).isEqualTo(3);
        } finally {
            if (db.equals("postgresql")) {
                try (Connection c = ds.getConnection()) {
                    c.createStatement().execute("drop schema " + schema + " cascade");
                }
            }
            ((SingleConnectionDataSource) ds).destroy();
        }
    }
}

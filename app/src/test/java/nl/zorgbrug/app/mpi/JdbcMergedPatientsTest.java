package nl.zorgbrug.app.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.gateway.events.GatewayEvent;
import nl.zorgbrug.gateway.merge.PatientMerge;

/**
 * A merge in the EPD on the node's tables, on both databases (issue 16): the jobs of the prior number move
 * set-based — as many statements for a patient with 60 jobs as for one with 6 — with the same outcome the in-memory
 * {@code PatientMergeTest} shows: held, waiting and failed jobs re-pointed with a history step, delivered ones listed
 * with a step, cancelled ones left, open and linked quarantine entries re-pointed, rejected ones left.
 */
class JdbcMergedPatientsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T05:00:00Z"), ZoneOffset.UTC);
    static final List<String> STATES = List.of("HELD", "WAITING", "FAILED", "DONE", "CANCELLED", "HELD");
    static final String LOCAL_ISSUER = "2.16.528.1.1007.99.1";

    static Stream<String> databases() {
        return JdbcJobRepositoryTest.databases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void jobsMoveInAFixedNumberOfStatementsWhateverTheirNumber(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        try {
            Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            AtomicInteger statements = new AtomicInteger();
            JdbcMergedPatients merged = new JdbcMergedPatients(new JdbcTemplate(
                    new CountingDataSource(ds, statements, new AtomicInteger())), LOCAL_ISSUER);
            List<GatewayEvent> events = new ArrayList<>();
            PatientMerge merge = new PatientMerge(merged, events::add, CLOCK);

            List<Integer> counts = new ArrayList<>();
            for (int size : List.of(1, 10)) {
                String prior = "OLD-" + size;
                String survivor = "NEW-" + size;
                for (int i = 0; i < size; i++) {
                    for (String state : STATES) {
                        jdbc.update("insert into job (study_instance_uid, destination, direction, state, not_before,"
                                + " created, updated, patient_id) values (?, 'peer', 'EXPORT', ?, ?, ?, ?, ?)",
                                "2.25." + size + "." + i + "." + state, state, now(), now(), now(), prior);
                    }
                    // Another hospital's import of its own patient numbered as ours: never moved by our merge.
                    jdbc.update("insert into job (study_instance_uid, destination, direction, state, not_before,"
                            + " created, updated, patient_id, patient_id_issuer) values (?, 'pacs', 'IMPORT', 'HELD',"
                            + " ?, ?, ?, ?, '2.16.528.1.1007.77.3')", "2.25." + size + "." + i + ".foreign", now(),
                            now(), now(), prior);
                    jdbc.update("update job set patient_id_issuer = ? where study_instance_uid = ?", LOCAL_ISSUER,
                            "2.25." + size + "." + i + ".WAITING");
                    for (String state : List.of("OPEN", "REJECTED")) {
                        jdbc.update("insert into quarantine_item (study_instance_uid, sop_instance_uid, reason_code,"
                                + " message_nl, message_en, state, received, linked_local_id)"
                                + " values (?, ?, 'ISSUER_NOT_BSN', 'nl', 'en', ?, ?, ?)", "2.25.9." + size,
                                "2.25.9." + size + "." + i + "." + state, state, now(), prior);
                    }
                }
                statements.set(0);
                PatientMerge.Result result = merge.merged(prior, survivor, "A40");
                counts.add(statements.get());

                assertThat(result).isEqualTo(new PatientMerge.Result(4 * size, size, size));
                assertThat(count(jdbc, "select count(*) from job where patient_id = ?", survivor)).isEqualTo(4 * size);
                assertThat(count(jdbc, "select count(*) from job where patient_id = ? and patient_id_issuer ="
                        + " '2.16.528.1.1007.77.3'", prior)).as("another institution's jobs stay").isEqualTo(size);
                assertThat(count(jdbc, "select count(*) from job where patient_id = ? and state in ('DONE',"
                        + " 'CANCELLED')", prior)).isEqualTo(2 * size);
                assertThat(count(jdbc, "select count(*) from job_event e join job j on j.id = e.job_id"
                        + " where j.patient_id = ? and e.action = 'merge' and e.detail like '%delivered under the"
                        + " surviving patient'", survivor)).isEqualTo(4 * size);
                assertThat(count(jdbc, "select count(*) from job_event e join job j on j.id = e.job_id"
                        + " where j.patient_id = ? and e.action = 'merge' and j.state = 'DONE'"
                        + " and e.detail like '%the receiver must merge it too'", prior)).isEqualTo(size);
                assertThat(count(jdbc, "select count(*) from job_event e join job j on j.id = e.job_id"
                        + " where j.state = 'CANCELLED' and j.patient_id = ?", prior)).isZero();
                assertThat(count(jdbc, "select count(*) from job_event where detail like ?", "%" + prior + "%"))
                        .as("numbers masked in the history").isZero();
                assertThat(count(jdbc, "select count(*) from quarantine_item where linked_local_id = ?", survivor))
                        .isEqualTo(size);
                assertThat(count(jdbc, "select count(*) from quarantine_item where linked_local_id = ?"
                        + " and state = 'REJECTED'", prior)).isEqualTo(size);
            }
            assertThat(counts.get(1)).as("statements for 60 jobs against 6").isEqualTo(counts.get(0));
            assertThat(merged.deliveredUnderPrior(100)).hasSize(11);
        } finally {
            JdbcJobRepositoryTest.drop(db, schema, ds);
        }
    }

    private static Timestamp now() {
        return Timestamp.from(CLOCK.instant());
    }

    private static long count(JdbcTemplate jdbc, String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }
}

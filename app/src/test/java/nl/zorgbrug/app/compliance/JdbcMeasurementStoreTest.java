package nl.zorgbrug.app.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.bsn.classify.Evidence;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.Exemption;
import nl.zorgbrug.compliance.measure.HeaderFacts;
import nl.zorgbrug.compliance.measure.MeasuredObject;
import nl.zorgbrug.compliance.measure.StudyMark;
import nl.zorgbrug.gateway.job.Direction;

/** V21 and the measurement's store on both databases (H2 and the PostgreSQL at 127.0.0.1:5432). */
class JdbcMeasurementStoreTest {

    static java.util.stream.Stream<String> databases() {
        return JdbcJobRepositoryTest.databases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void objectsAndMarksRoundTripAndEveryWriteIsIdempotent(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        Flyway.configure().dataSource(ds).schemas(db.equals("h2") ? "public" : schema).load().migrate();
        JdbcMeasurementStore store = new JdbcMeasurementStore(new JdbcTemplate(ds));
        Instant t = Instant.parse("2026-12-01T10:15:30.123Z");
        HeaderFacts facts = new HeaderFacts("CT", LocalDate.of(2026, 11, 30),
                List.of(new Evidence("(0010,0020)", "*****1120", "passes the 11-proof but has no issuer"),
                        new Evidence("(0010,0030)/(0008,0020)", null, "tab\tand\nnewline")), true);

        // At least once: the same events twice give the same rows.
        for (int i = 0; i < 2; i++) {
            store.received(Direction.IMPORT, "2.25.1", "2.25.1.1", "import", "umcx", "REMOTE", Verdict.BSN_WITHOUT_ISSUER,
                    t, facts);
            store.joined(Direction.IMPORT, "2.25.1", "2.25.1.1", 7, "ownpacs", true);
            store.received(Direction.EXPORT, "2.25.1", "2.25.1.1", "export", "ignored", "OWNPACS", Verdict.CORRECT,
                    t.plusSeconds(5), HeaderFacts.UNKNOWN);
            store.joined(Direction.EXPORT, "2.25.1", "2.25.1.1", 8, "umcx", false);
            store.mark(42, new StudyMark("2.25.1", Exemption.PERSON, "proef", "kees", t));
        }

        List<MeasuredObject> objects = store.objects(t.minusSeconds(1), t.plusSeconds(60));
        assertThat(objects).hasSize(2);
        MeasuredObject in = objects.get(0);
        assertThat(in.direction()).isEqualTo(Direction.IMPORT);
        assertThat(in.institution()).isEqualTo("umcx");
        assertThat(in.modality()).isEqualTo("CT");
        assertThat(in.studyDate()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(in.receivedAt()).isEqualTo(t.truncatedTo(ChronoUnit.MILLIS));
        assertThat(in.urgent()).isTrue();
        assertThat(in.foreigner()).isTrue();
        assertThat(in.evidence()).containsExactly(
                new Evidence("(0010,0020)", "*****1120", "passes the 11-proof but has no issuer"),
                new Evidence("(0010,0030)/(0008,0020)", null, "tab and newline"));
        MeasuredObject out = objects.get(1);
        assertThat(out.institution()).as("an export's institution is its destination").isEqualTo("umcx");
        assertThat(out.verdict()).isEqualTo(Verdict.CORRECT);
        assertThat(out.studyDate()).isNull();
        assertThat(store.objects(t.plusSeconds(60), t.plusSeconds(120))).isEmpty();
        assertThat(store.study("2.25.1")).hasSize(2);
        assertThat(store.studiesOfJob(7)).containsExactly("2.25.1");
        assertThat(store.marks()).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Exemption.PERSON);
            assertThat(m.reason()).isEqualTo("proef");
        });
    }
}

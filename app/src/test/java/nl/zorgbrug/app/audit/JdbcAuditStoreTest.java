package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.Finding;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.audit.trail.TrailVerifier;
import nl.zorgbrug.audit.trail.Verification;

/**
 * The audit trail on both databases (V16): an intact trail verifies; a row updated, deleted or inserted behind the
 * node's back, by someone who may (the database's superuser, after switching the append-only trigger off), is found
 * by the verifier at that record. On PostgreSQL the role that ran the migration, and owns the table, can no longer
 * update or delete: its own privileges were revoked, and a trigger refuses it for everyone.
 */
class JdbcAuditStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    enum Tampering { NONE, UPDATE, DELETE, INSERT }

    static Stream<Arguments> cases() {
        return JdbcJobRepositoryTest.databases()
                .flatMap(db -> Stream.of(Tampering.values()).map(t -> Arguments.of(db, t)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void tamperingWithTheTableIsFoundByTheVerifier(String db, Tampering tampering) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        boolean pg = db.equals("postgresql");
        try {
            if (pg) {
                // The node's role: not a superuser, owner of what its migration creates.
                sql(ds, "create role " + schema + "_app nologin", "grant all on schema " + schema + " to " + schema
                        + "_app", "set role " + schema + "_app");
            }
            Flyway.configure().dataSource(ds).schemas(pg ? schema : "public").load().migrate();

            NodeKey key = NodeKey.generate();
            JdbcAuditStore store = new JdbcAuditStore(ds);
            AuditTrail trail = new AuditTrail(store, key, Clock.fixed(T0, ZoneOffset.UTC));
            nl.zorgbrug.bsn.Bsn patient = TestEvents.bsn(new java.util.Random(3));
            List<nl.zorgbrug.audit.event.AuditEvent> recorded = new java.util.ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                nl.zorgbrug.audit.event.AuditEvent e = i == 3 ? TestEvents.full(patient, T0, "with a patient")
                        : i == 9 ? listShowing(patient, T0.plusSeconds(i))
                        : TestEvents.numbered(i, T0.plusSeconds(i));
                recorded.add(e);
                trail.record(e);
                if (i % 5 == 0) {
                    trail.checkpoint();
                }
            }
            trail.checkpoint();
            assertThat(store.checkpoints()).hasSize(3);

            if (pg) {
                assertThatThrownBy(() -> sql(ds, "update audit_record set body = 'x' where seq = 4"))
                        .as("the owner's own UPDATE was revoked").hasMessageContaining("permission denied");
                assertThatThrownBy(() -> sql(ds, "delete from audit_checkpoint"))
                        .hasMessageContaining("permission denied");
                sql(ds, "reset role");
                assertThatThrownBy(() -> sql(ds, "delete from audit_record where seq = 4"))
                        .as("even a superuser meets the trigger").hasMessageContaining("append-only");
                // The attacker who knows how: the trigger off, then the change.
                sql(ds, "alter table audit_record disable trigger user");
            }
            switch (tampering) {
                case UPDATE -> sql(ds, "update audit_record set body = replace(body, 'event 7', 'event 8') where seq = 7");
                case DELETE -> sql(ds, "delete from audit_record where seq = 7");
                case INSERT -> {
                    AuditRecord six = store.read(5, 1).get(0);
                    sql(ds, "update audit_record set seq = -seq where seq >= 7",
                            "update audit_record set seq = 1 - seq where seq < 0");
                    store.append(List.of(AuditRecord.chain(7, TestEvents.numbered(700, T0), six.hash())));
                }
                default -> { }
            }

            Verification v = new TrailVerifier(store, key.publicKey()).verify();
            if (tampering == Tampering.NONE) {
                assertThat(v.intact()).as("%s", v.finding()).isTrue();
                assertThat(v.records()).isEqualTo(12);
                assertThat(store.read(2, 1).get(0).event().patient().bsn()).isNotNull();
                // The indexed columns, filed from the events the trail encoded (not the text read back), fit them.
                // Record 9, a list that showed the patient among others, is found through V42's side table.
                assertThat(store.forPatient(patient, 10)).extracting(AuditRecord::seq).containsExactly(3L, 9L);
                assertThat(store.forPatient(patient, 1)).extracting(AuditRecord::seq).containsExactly(3L);
                assertThat(store.existing(recorded.stream().map(nl.zorgbrug.audit.event.AuditEvent::id).toList()))
                        .hasSize(12);
                try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                     java.sql.ResultSet rs = st.executeQuery("select type, at from audit_record where seq = 7")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(recorded.get(6).type().name());
                    assertThat(rs.getTimestamp(2).toInstant()).isEqualTo(recorded.get(6).at());
                }
                return;
            }
            Finding.Kind expected = switch (tampering) {
                case UPDATE -> Finding.Kind.CHANGED;
                case DELETE -> Finding.Kind.REMOVED;
                default -> Finding.Kind.INSERTED;
            };
            assertThat(v.finding().kind()).isEqualTo(expected);
            assertThat(v.finding().seq()).isEqualTo(7);
            assertThat(v.finding().contradicts().id()).isEqualTo(2);
            assertThat(v.finding().message()).contains("audit record 7").contains("checkpoint 2 (10 records");
        } finally {
            if (pg) {
                sql(ds, "reset role");
            }
            JdbcJobRepositoryTest.drop(db, schema, ds);
            if (pg) {
                try (Connection c = java.sql.DriverManager.getConnection(System.getenv().getOrDefault("ZORGBRUG_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                        System.getProperty("user.name"), "")) {
                    c.createStatement().execute("drop role if exists " + schema + "_app");
                } catch (SQLException ignored) {
                    // left for the next clean-up of the test database; the schema is gone
                }
            }
        }
    }

    /** A list (issue 17) that showed this patient and another, without one patient searched for. */
    private static nl.zorgbrug.audit.event.AuditEvent listShowing(nl.zorgbrug.bsn.Bsn patient, Instant at) {
        return nl.zorgbrug.audit.event.AuditEvent.of(nl.zorgbrug.audit.event.EventType.QUERY,
                nl.zorgbrug.audit.event.Actor.person("olga", "Olga", nl.zorgbrug.audit.event.Role.OPERATOR, null), at)
                .object(nl.zorgbrug.audit.event.ObjectRef.patient(nl.zorgbrug.audit.event.PatientRef.of(
                        TestEvents.bsn(new java.util.Random(4)))))
                .object(nl.zorgbrug.audit.event.ObjectRef.patient(new nl.zorgbrug.audit.event.PatientRef(patient, "L-3")))
                .detail("GET /jobs/table; 2 patients shown").build();
    }

    private static void sql(DataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}

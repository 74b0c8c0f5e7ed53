package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import nl.zorgbrug.app.jobs.JdbcJobRepositoryTest;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.Finding;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.audit.trail.TrailPurge;
import nl.zorgbrug.audit.trail.TrailVerifier;
import nl.zorgbrug.audit.trail.Verification;

/**
 * Retention on both databases (V24): the purge removes the records older than the date through the one narrow path
 * (on PostgreSQL {@code audit_purge()}, run by the node's role that has no DELETE of its own), the trail verifies
 * from the signed purge mark, and a record changed after the purge is still found. On PostgreSQL the path refuses to
 * go past the latest purge mark, and a plain DELETE is still refused.
 */
class JdbcAuditPurgeTest {
    private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

    @ParameterizedTest(name = "{0}")
    @MethodSource("nl.zorgbrug.app.jobs.JdbcJobRepositoryTest#databases")
    void aPurgeLeavesAVerifiableTrailAndLaterTamperingIsFound(String db) throws Exception {
        String schema = "zb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = JdbcJobRepositoryTest.dataSource(db, schema);
        boolean pg = db.equals("postgresql");
        try {
            if (pg) {
                sql(ds, "create role " + schema + "_app nologin", "grant all on schema " + schema + " to " + schema
                        + "_app", "set role " + schema + "_app");
            }
            Flyway.configure().dataSource(ds).schemas(pg ? schema : "public").load().migrate();
            NodeKey key = NodeKey.generate();
            JdbcAuditStore store = new JdbcAuditStore(ds);
            Clock clock = Clock.fixed(Instant.parse("2026-12-06T08:00:00Z"), ZoneOffset.UTC);
            AuditTrail trail = new AuditTrail(store, key, clock);
            for (int i = 1; i <= 20; i++) {
                trail.record(TestEvents.numbered(i, T0.plusSeconds(86_400L * i)));
                if (i % 5 == 0) {
                    trail.checkpoint();
                }
            }

            if (pg) {
                assertThatThrownBy(() -> sql(ds, "select audit_purge(3)")).as("no purge without a signed mark first")
                        .hasMessageContaining("latest signed purge mark covers records up to 0");
            }
            TrailPurge.Result r = new TrailPurge(trail, store, key, clock).purge(T0.plusSeconds(86_400L * 8),
                    Actor.person("beheer", "Beheerder", Role.ADMIN, TestEvents.OWN), AccessPoint.host("beheer-pc"));
            assertThat(r.refused()).isFalse();
            assertThat(r.removed()).isEqualTo(7);
            assertThat(store.read(0, 1).get(0).seq()).isEqualTo(8);
            assertThat(store.purges()).singleElement().satisfies(p -> assertThat(p.mark().through()).isEqualTo(7));
            assertThat(store.last().orElseThrow().event().type()).isEqualTo(EventType.AUDIT_PURGE);

            Verification v = new TrailVerifier(store, key.publicKey()).verify();
            assertThat(v.intact()).as("%s", v.finding()).isTrue();
            assertThat(v.purgedThrough()).isEqualTo(7);
            assertThat(v.records()).isEqualTo(14);

            if (pg) {
                assertThatThrownBy(() -> sql(ds, "delete from audit_record where seq = 9"))
                        .as("the node's own DELETE stays revoked").hasMessageContaining("permission denied");
                assertThatThrownBy(() -> sql(ds, "select audit_purge(12)"))
                        .as("the path goes no further than the latest mark").hasMessageContaining("refused");
                assertThatThrownBy(() -> sql(ds, "delete from audit_purge"))
                        .hasMessageContaining("permission denied");
                sql(ds, "reset role");
                assertThatThrownBy(() -> sql(ds, "set zorgbrug.audit_purge = 'on'",
                        "delete from audit_record where seq = 12"))
                        .as("beyond the mark the trigger refuses even a superuser with the flag set")
                        .hasMessageContaining("append-only");
                sql(ds, "reset zorgbrug.audit_purge", "alter table audit_record disable trigger user");
            }
            sql(ds, "update audit_record set body = replace(body, 'event 11', 'event 12') where seq = 11");
            Verification tampered = new TrailVerifier(store, key.publicKey()).verify();
            assertThat(tampered.finding().kind()).isEqualTo(Finding.Kind.CHANGED);
            assertThat(tampered.finding().seq()).isEqualTo(11);
            assertThat(tampered.finding().contradicts().checkpoint().count()).isEqualTo(15);
        } finally {
            if (pg) {
                sql(ds, "reset role");
            }
            JdbcJobRepositoryTest.drop(db, schema, ds);
            if (pg) {
                try (Connection c = java.sql.DriverManager.getConnection(System.getenv().getOrDefault(
                        "ZORGBRUG_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
                        System.getProperty("user.name"), "")) {
                    c.createStatement().execute("drop role if exists " + schema + "_app");
                } catch (SQLException ignored) {
                    // left for the next clean-up of the test database; the schema is gone
                }
            }
        }
    }

    private static void sql(DataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}

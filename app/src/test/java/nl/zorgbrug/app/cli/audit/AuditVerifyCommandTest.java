package nl.zorgbrug.app.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.zorgbrug.app.ZorgbrugCommand;
import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.audit.TestEvents;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.NodeKey;
import picocli.CommandLine;

/** {@code zorgbrug audit verify} on a node's data directory: 0 on an intact trail, 1 naming the record and checkpoint. */
class AuditVerifyCommandTest {

    @Test
    void exitsZeroOnAnIntactTrailAndOneNamingTheChangedRecord(@TempDir Path data) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("db").resolve("zorgbrug")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        Flyway.configure().dataSource(ds).load().migrate();
        AuditTrail trail = new AuditTrail(new JdbcAuditStore(ds), NodeKey.loadOrCreate(data.resolve("audit")),
                Clock.systemUTC());
        for (int i = 1; i <= 6; i++) {
            trail.record(TestEvents.numbered(i, Instant.now()));
        }
        trail.checkpoint();

        Run intact = run("audit", "verify", "--data-dir", data.toString());
        assertThat(intact.code).as(intact.err).isZero();
        assertThat(intact.out).contains("audit trail intact: 6 records, 1 signed checkpoints, every record under a"
                + " signature");

        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("update audit_record set body = replace(body, 'event 4', 'event 5')"
                    + " where seq = 4");
        }
        Run tampered = run("audit", "verify", "--data-dir", data.toString());
        assertThat(tampered.code).isEqualTo(1);
        assertThat(tampered.err).contains("audit trail TAMPERED: audit record 4 changed")
                .contains("contradicts checkpoint 1 (6 records");

        Run noKey = run("audit", "verify", "--data-dir", data.toString(), "--public-key", "/nonexistent.pem");
        assertThat(noKey.code).isEqualTo(2);
        assertThat(noKey.err).contains("cannot read the node's public key /nonexistent.pem");
    }

    @Test
    void purgeRemovesTheOldRecordsAndVerifyStillPasses(@TempDir Path data) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("db").resolve("zorgbrug")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        Flyway.configure().dataSource(ds).load().migrate();
        AuditTrail trail = new AuditTrail(new JdbcAuditStore(ds), NodeKey.loadOrCreate(data.resolve("audit")),
                Clock.systemUTC());
        Instant sixYearsAgo = Instant.now().minus(java.time.Duration.ofDays(6 * 366));
        for (int i = 1; i <= 4; i++) {
            trail.record(TestEvents.numbered(i, sixYearsAgo.plusSeconds(i)));
        }
        for (int i = 5; i <= 6; i++) {
            trail.record(TestEvents.numbered(i, Instant.now()));
        }
        trail.checkpoint();

        Run dry = run("audit", "purge", "--data-dir", data.toString());
        assertThat(dry.code).as(dry.err).isZero();
        assertThat(dry.out).contains("(dry run): audit records up to 4 are older than");
        Run purge = run("audit", "purge", "--yes", "--user", "beheer", "--data-dir", data.toString());
        assertThat(purge.code).as(purge.err).isZero();
        assertThat(purge.out).contains("removed 4 audit records (1 to 4").contains("purge 1 (records 1 to 4");

        Run verify = run("audit", "verify", "--data-dir", data.toString());
        assertThat(verify.code).as(verify.err).isZero();
        assertThat(verify.out).contains("audit trail intact: 3 records, 2 signed checkpoints, records 1 to 4 purged");

        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("delete from audit_record where seq = 5");
        }
        Run tampered = run("audit", "verify", "--data-dir", data.toString());
        assertThat(tampered.code).isEqualTo(1);
        assertThat(tampered.err).contains("audit record 5 removed");
        Run refused = run("audit", "purge", "--yes", "--before", "2099-01-01", "--data-dir", data.toString());
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains("refused, the audit trail is not intact");
    }

    /** Reading the trail is itself an event (NEN 7513): each verification is recorded after its check. */
    @Test
    void eachVerificationIsRecordedInTheTrailItChecked(@TempDir Path data) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("db").resolve("zorgbrug")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        Flyway.configure().dataSource(ds).load().migrate();
        AuditTrail trail = new AuditTrail(new JdbcAuditStore(ds), NodeKey.loadOrCreate(data.resolve("audit")),
                Clock.systemUTC());
        for (int i = 1; i <= 3; i++) {
            trail.record(TestEvents.numbered(i, Instant.now()));
        }
        trail.checkpoint();

        Run first = run("audit", "verify", "--user", "p.officer", "--data-dir", data.toString());
        assertThat(first.code).as(first.err).isZero();
        assertThat(first.out).contains("intact: 3 records");
        java.util.List<nl.zorgbrug.audit.event.AuditEvent> events = new JdbcAuditStore(ds).read(0, 100).stream()
                .map(nl.zorgbrug.audit.trail.AuditRecord::event).toList();
        assertThat(events).hasSize(4);
        nl.zorgbrug.audit.event.AuditEvent read = events.get(3);
        assertThat(read.type()).isEqualTo(nl.zorgbrug.audit.event.EventType.AUDIT_READ);
        assertThat(read.actor().userId()).isEqualTo("p.officer");
        assertThat(read.outcome()).isEqualTo(nl.zorgbrug.audit.event.Outcome.SUCCESS);
        assertThat(read.detail()).isEqualTo("bin/zorgbrug audit verify: intact, 3 records, 1 checkpoints");

        // The record joined the chain: the next verification finds it intact and counts it.
        Run second = run("audit", "verify", "--data-dir", data.toString());
        assertThat(second.code).as(second.err).isZero();
        assertThat(second.out).contains("intact: 4 records");
        Run copy = run("audit", "verify", "--no-record", "--data-dir", data.toString());
        assertThat(copy.code).isZero();
        assertThat(new JdbcAuditStore(ds).read(0, 100)).as("--no-record adds nothing").hasSize(5);

        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("delete from audit_record where seq = 2");
        }
        Run tampered = run("audit", "verify", "--data-dir", data.toString());
        assertThat(tampered.code).isEqualTo(1);
        nl.zorgbrug.audit.event.AuditEvent alarm = new JdbcAuditStore(ds).last().orElseThrow().event();
        assertThat(alarm.type()).isEqualTo(nl.zorgbrug.audit.event.EventType.AUDIT_READ);
        assertThat(alarm.outcome()).isEqualTo(nl.zorgbrug.audit.event.Outcome.SERIOUS_FAILURE);
        assertThat(alarm.detail()).contains("TAMPERED: audit record 2 removed");

        // Without the node's private key the check still answers, and says the reading is not recorded.
        java.nio.file.Files.delete(data.resolve("audit").resolve(NodeKey.PRIVATE_FILE));
        Run noKey = run("audit", "verify", "--data-dir", data.toString());
        assertThat(noKey.code).isEqualTo(1);
        assertThat(noKey.err).contains("NOT recorded in the trail");
    }

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ZorgbrugCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}

package nl.zorgbrug.app.cli.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.concurrent.Callable;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.app.cli.NodeDatabase;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.audit.trail.TrailPurge;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zorgbrug audit purge}: removes the audit records past the retention (issue 17: "older records are removed
 * only by an explicit purge that is itself audited and leaves a signed checkpoint so {@code audit verify} still
 * passes"). Without {@code --yes} it only says what it would remove. With it, it verifies the trail (and refuses on a
 * tampered one: exit 1), records the purge as an AUDIT_PURGE event, signs a checkpoint and a purge mark with the
 * node's key, and removes the records (on PostgreSQL through {@code audit_purge()}, V24). Exit 0 when done, 2 when
 * it could not be done.
 *
 * <p>It writes to the trail, so it needs the node's private key ({@code <data-dir>/audit}). On the embedded H2
 * database stop the node first. On PostgreSQL it may run beside the node: the trail's primary key refuses whichever
 * of the two appends second, and the node takes its events again at the next flush (they stay in the outbox).
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Remove audit records older than the retention (default 5 years), as an audited act that"
                + " leaves a signed purge mark; without --yes only says what it would remove.")
public final class AuditPurgeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Its data directory holds audit/ with the node's signing key. */
    @CommandLine.Mixin
    NodeDatabase database;

    @Option(names = "--before", paramLabel = "DATE", description = "Remove records from before this date (yyyy-MM-dd,"
            + " the start of that day in the node's time zone); default: today minus --retention")
    LocalDate before;

    @Option(names = "--retention", paramLabel = "PERIOD", defaultValue = "${env:ZORGBRUG_AUDIT_RETENTION:-P5Y}",
            description = "How long records are"
            + " kept, ISO 8601 (default $ZORGBRUG_AUDIT_RETENTION or P5Y, the hospital's policy); used without --before")
    Period retention;

    @Option(names = "--yes", description = "Really remove; without it, only report what would be removed")
    boolean yes;

    @Option(names = "--user", paramLabel = "NAME", description = "Who orders the purge, as recorded in the trail"
            + " (default: the operating-system user)")
    String user;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path keyDir = database.dataDir().resolve("audit");
        ZoneId zone = ZoneId.systemDefault();
        Instant cutoff = (before != null ? before : LocalDate.now(zone).minus(retention)).atStartOfDay(zone)
                .toInstant();
        if (!Files.isReadable(keyDir.resolve(NodeKey.PRIVATE_FILE)) || !Files.isReadable(keyDir.resolve(
                NodeKey.PUBLIC_FILE))) {
            err.println("zorgbrug audit purge: cannot read the node's signing key in " + keyDir + " (" + NodeKey.PRIVATE_FILE
                    + " and " + NodeKey.PUBLIC_FILE + "); run it on the node, as the node's user, with --data-dir");
            return 2;
        }
        try {
            NodeKey key = NodeKey.loadOrCreate(keyDir);
            JdbcAuditStore store = new JdbcAuditStore(database.dataSource());
            if (!yes) {
                long through = store.lastSeqAllBefore(cutoff);
                out.println("audit purge (dry run): " + (through == 0 ? "no audit record is older than " + cutoff
                        : "audit records up to " + through + " are older than " + cutoff
                        + "; run again with --yes to remove them (audited, under a signed purge mark)"));
                return 0;
            }
            String who = user != null ? user : System.getProperty("user.name", "operator");
            TrailPurge.Result r = new TrailPurge(new AuditTrail(store, key, Clock.systemUTC()), store, key,
                    Clock.systemUTC()).purge(cutoff, Actor.person(who, who, Role.ADMIN, null),
                    AccessPoint.host(InetAddress.getLocalHost().getHostName()));
            if (r.refused()) {
                err.println("zorgbrug audit purge: refused, the audit trail is not intact, and purging would remove"
                        + " the evidence: " + r.checked().finding().message());
                return 1;
            }
            out.println(r.mark() == null
                    ? "audit purge: no audit record older than " + cutoff + " (the purge request is recorded)"
                    : "audit purge: removed " + r.removed() + " audit records (1 to " + r.through() + ", older than "
                    + cutoff + "); recorded as an AUDIT_PURGE event, " + r.mark().describe());
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("zorgbrug audit purge: the purge could not be made: " + e.getMessage());
            return 2;
        }
    }
}

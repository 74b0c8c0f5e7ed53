package nl.zorgbrug.app.cli.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;

import nl.zorgbrug.app.audit.JdbcAuditStore;
import nl.zorgbrug.app.cli.NodeDatabase;
import nl.zorgbrug.audit.trail.NodeKey;
import nl.zorgbrug.audit.trail.TrailVerifier;
import nl.zorgbrug.audit.trail.Verification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code zorgbrug audit verify}: reads the whole trail from the node's database and checks the hash chain and the
 * signed checkpoints against the node's public key. Exit 0: intact; 1: tampered (the first record changed, removed
 * or inserted, and the checkpoint it contradicts, are named); 2: the check could not be made (no database, no key).
 *
 * <p>Reading the trail is itself an event (issue 17, NEN 7513): after the check it appends an AUDIT_READ record
 * naming who ran it, from which host, and what it found, signed under the trail's chain like any other (so it needs
 * the node's key in the data directory and a database role that may insert). The check's answer comes first: when
 * the record cannot be written (a role that can only SELECT, no private key) it says so on standard error and the
 * exit code is still the check's. {@code --no-record} leaves the trail as it is, for a copy or a backup, whose
 * reading belongs in no trail of the node. On the embedded H2 database the node holds the file: stop the node or
 * verify a copy. The defaults are the node's own (ZORGBRUG_DB_URL, ZORGBRUG_DB_USER, ZORGBRUG_DB_PASSWORD,
 * ZORGBRUG_DATA_DIR).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the audit trail: exit 0 when intact, 1 naming the first record changed, removed or"
                + " inserted and the checkpoint it contradicts, 2 when the check could not be made.")
public final class AuditVerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    NodeDatabase database;

    @Option(names = "--public-key", paramLabel = "FILE", description = "The node's public key; better a copy kept"
            + " off the node (default: DIR/audit/" + NodeKey.PUBLIC_FILE + ")")
    Path publicKey;

    @Option(names = "--user", paramLabel = "NAME", description = "Who verifies, as recorded in the trail (default:"
            + " the operating-system user)")
    String who;

    @Option(names = "--no-record", description = "Do not record the verification in the trail (for a copy or a"
            + " backup of the database, not the node's own)")
    boolean noRecord;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = database.dataDir();
        Path keyFile = publicKey != null ? publicKey : dir.resolve("audit").resolve(NodeKey.PUBLIC_FILE);
        if (!Files.isReadable(keyFile)) {
            err.println("zorgbrug audit verify: cannot read the node's public key " + keyFile
                    + "; give it with --public-key (the node writes it at its first start)");
            return 2;
        }
        Verification v;
        JdbcAuditStore store;
        try {
            PublicKey key = NodeKey.readPublicKey(keyFile);
            store = new JdbcAuditStore(database.dataSource());
            v = new TrailVerifier(store, key).verify();
        } catch (IOException | RuntimeException e) {
            err.println("zorgbrug audit verify: the check could not be made: " + e.getMessage());
            return 2;
        }
        if (!noRecord) {
            record(store, dir.resolve("audit"), v, err);
        }
        if (v.intact()) {
            out.println("audit trail intact: " + v.records() + " records, " + v.checkpoints() + " signed checkpoints"
                    + (v.purgedThrough() == 0 ? "" : ", records 1 to " + v.purgedThrough() + " purged under a signed"
                    + " purge mark (retention)")
                    + (v.unsignedTail() == 0 ? ", every record under a signature"
                    : "; the last " + v.unsignedTail() + " records came after the last checkpoint"
                    + " (their links are checked, no signature vouches for them yet)"));
            return 0;
        }
        err.println("audit trail TAMPERED: " + v.finding().message());
        err.println("(" + v.records() + " records read intact before it; " + v.checkpoints() + " checkpoints)");
        return 1;
    }

    /**
     * The verification as an AUDIT_READ record: after the check, so the check read the trail as it was. The person is
     * an operating-system user, not a user of the node, so the role is UNKNOWN rather than one they may not have.
     */
    private void record(JdbcAuditStore store, Path keyDir, Verification v, PrintWriter err) {
        if (!Files.isReadable(keyDir.resolve(NodeKey.PRIVATE_FILE))) {
            err.println("zorgbrug audit verify: this verification is NOT recorded in the trail: the node's key "
                    + keyDir.resolve(NodeKey.PRIVATE_FILE) + " cannot be read (run it as the node's user, or"
                    + " --no-record for a copy)");
            return;
        }
        try {
            String user = who != null ? who : System.getProperty("user.name", "operator");
            String host = java.net.InetAddress.getLocalHost().getHostName();
            nl.zorgbrug.audit.event.AuditEvent event = nl.zorgbrug.audit.event.AuditEvent.of(
                            nl.zorgbrug.audit.event.EventType.AUDIT_READ,
                            nl.zorgbrug.audit.event.Actor.person(user, user, nl.zorgbrug.audit.event.Role.UNKNOWN, null),
                            java.time.Instant.now())
                    .action(nl.zorgbrug.audit.event.Action.EXECUTE)
                    .outcome(v.intact() ? nl.zorgbrug.audit.event.Outcome.SUCCESS
                            : nl.zorgbrug.audit.event.Outcome.SERIOUS_FAILURE)
                    .accessPoint(nl.zorgbrug.audit.event.AccessPoint.host(host))
                    .object(new nl.zorgbrug.audit.event.ObjectRef(nl.zorgbrug.audit.event.ObjectKind.AUDIT_TRAIL,
                            "verify"))
                    .detail("bin/zorgbrug audit verify: " + (v.intact() ? "intact, " + v.records() + " records, "
                            + v.checkpoints() + " checkpoints" : "TAMPERED: " + v.finding().message()))
                    .build();
            new nl.zorgbrug.audit.trail.AuditTrail(store, NodeKey.loadOrCreate(keyDir), java.time.Clock.systemUTC())
                    .record(event);
        } catch (IOException | RuntimeException e) {
            err.println("zorgbrug audit verify: this verification is NOT recorded in the trail: " + e.getMessage());
        }
    }
}

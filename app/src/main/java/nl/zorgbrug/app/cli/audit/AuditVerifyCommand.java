package nl.zorgbrug.app.cli.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import nl.zorgbrug.app.audit.JdbcAuditStore;
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
 * <p>Read-only, so it may run with a database role that can only SELECT, on a copy or a backup. On the embedded H2
 * database the node holds the file: stop the node or verify a copy. The defaults are the node's own
 * (ZORGBRUG_DB_URL, ZORGBRUG_DB_USER, ZORGBRUG_DB_PASSWORD, ZORGBRUG_DATA_DIR).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the audit trail: exit 0 when intact, 1 naming the first record changed, removed or"
                + " inserted and the checkpoint it contradicts, 2 when the check could not be made.")
public final class AuditVerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The node's data directory (default:"
            + " $ZORGBRUG_DATA_DIR or ./data); the public key is DIR/audit/" + NodeKey.PUBLIC_FILE)
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC-URL", description = "The node's database (default: $ZORGBRUG_DB_URL,"
            + " or the embedded H2 database in the data directory)")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Default: $ZORGBRUG_DB_USER or sa")
    String user;

    @Option(names = "--public-key", paramLabel = "FILE", description = "The node's public key; better a copy kept"
            + " off the node (default: DIR/audit/" + NodeKey.PUBLIC_FILE + ")")
    Path publicKey;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = dataDir != null ? dataDir : Path.of(env("ZORGBRUG_DATA_DIR", "./data"));
        Path keyFile = publicKey != null ? publicKey : dir.resolve("audit").resolve(NodeKey.PUBLIC_FILE);
        String jdbcUrl = url != null ? url : env("ZORGBRUG_DB_URL", "jdbc:h2:file:" + dir.toAbsolutePath()
                .resolve("db").resolve("zorgbrug") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE");
        String dbUser = user != null ? user : env("ZORGBRUG_DB_USER", "sa");
        String password = env("ZORGBRUG_DB_PASSWORD", "");
        if (!Files.isReadable(keyFile)) {
            err.println("zorgbrug audit verify: cannot read the node's public key " + keyFile
                    + "; give it with --public-key (the node writes it at its first start)");
            return 2;
        }
        Verification v;
        try {
            PublicKey key = NodeKey.readPublicKey(keyFile);
            v = new TrailVerifier(new JdbcAuditStore(dataSource(jdbcUrl, dbUser, password)), key).verify();
        } catch (IOException | RuntimeException e) {
            err.println("zorgbrug audit verify: the check could not be made: " + e.getMessage());
            return 2;
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

    static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    static DataSource dataSource(String url, String user, String password) {
        if (url.startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setURL(url);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
        if (url.startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
            ds.setURL(url);
            ds.setUser(user);
            ds.setPassword(password);
            return ds;
        }
        throw new IllegalArgumentException("unknown database URL " + url + " (jdbc:postgresql: or jdbc:h2:)");
    }
}

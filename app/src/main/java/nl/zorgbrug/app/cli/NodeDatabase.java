package nl.zorgbrug.app.cli;

import java.nio.file.Path;

import javax.sql.DataSource;

import picocli.CommandLine.Option;

/**
 * The node's data directory and database for the commands that work on them beside or instead of the node ({@code audit
 * verify}, {@code audit purge}, {@code compliance report}): each from its option, else the node's own environment
 * (ZORGBRUG_DATA_DIR, ZORGBRUG_DB_URL, ZORGBRUG_DB_USER, ZORGBRUG_DB_PASSWORD), else the embedded H2 database in the
 * data directory, which must exist (IFEXISTS: a mistyped directory is an error, not a new empty database).
 * A picocli mixin: {@code @Mixin NodeDatabase database;}.
 */
public final class NodeDatabase {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The node's data directory (default:"
            + " $ZORGBRUG_DATA_DIR or ./data)")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC-URL", description = "The node's database (default: $ZORGBRUG_DB_URL,"
            + " or the embedded H2 database in the data directory)")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Default: $ZORGBRUG_DB_USER or sa")
    String user;

    public Path dataDir() {
        return dataDir != null ? dataDir : Path.of(env("ZORGBRUG_DATA_DIR", "./data"));
    }

    public String url() {
        return url != null ? url : env("ZORGBRUG_DB_URL", "jdbc:h2:file:" + dataDir().toAbsolutePath()
                .resolve("db").resolve("zorgbrug") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;IFEXISTS=TRUE");
    }

    /** @throws IllegalArgumentException for a URL that is neither PostgreSQL nor H2 */
    public DataSource dataSource() {
        String jdbcUrl = url();
        String dbUser = user != null ? user : env("ZORGBRUG_DB_USER", "sa");
        String password = env("ZORGBRUG_DB_PASSWORD", "");
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setURL(jdbcUrl);
            ds.setUser(dbUser);
            ds.setPassword(password);
            return ds;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
            ds.setURL(jdbcUrl);
            ds.setUser(dbUser);
            ds.setPassword(password);
            return ds;
        }
        throw new IllegalArgumentException("unknown database URL " + jdbcUrl + " (--db-url or $ZORGBRUG_DB_URL):"
                + " jdbc:postgresql: or jdbc:h2:");
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }
}

package nl.zorgbrug.app.gateway;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import nl.zorgbrug.gateway.e2e.Dcmtk;

/**
 * Issue 22's database failover set-up: two PostgreSQL clusters on loopback made with Debian's tools (PostgreSQL 15,
 * {@code /usr/lib/postgresql/15/bin}), a primary and a streaming replica cloned from it with {@code pg_basebackup -R}
 * (PostgreSQL 15 documentation, 27.2 "Log-Shipping Standby Servers", 27.2.5 "Streaming Replication"). The replica is
 * the primary's synchronous standby ({@code synchronous_standby_names = '*'}, 27.2.8 "Synchronous Replication"): a
 * commit the primary confirms is on the replica's disk too, so nothing the node acknowledged is lost when the replica
 * takes over; the replica itself has no synchronous standby, so it accepts commits alone once promoted (Patroni's
 * {@code synchronous_mode} without {@code synchronous_mode_strict} behaves the same).
 *
 * <p>The clusters run as user {@code postgres} (the server refuses to run as root) in a temporary directory of
 * theirs, with trust authentication on loopback. {@link #close()} stops both and removes the directory, whatever
 * state they are in; {@link #start} does the same when it fails half-way.
 */
final class PostgresPair implements AutoCloseable {
    static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final String DATABASE = "zorgbrug";
    static final String USER = "postgres";

    private final Path dir;
    private final Path primary;
    private final Path replica;
    final int primaryPort;
    final int replicaPort;

    private PostgresPair(Path dir, int primaryPort, int replicaPort) {
        this.dir = dir;
        this.primary = dir.resolve("primary");
        this.replica = dir.resolve("replica");
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /** Makes and starts the primary and its replica and waits until the replica streams synchronously. */
    static PostgresPair start() throws Exception {
        if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
            String message = "PostgreSQL 15 server binaries are not installed (" + BIN + ", Debian postgresql-15)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        Path dir = Files.createTempDirectory("zb-pg-pair");
        PostgresPair pair = new PostgresPair(dir, Dcmtk.freePort(), Dcmtk.freePort());
        try {
            pair.make();
            return pair;
        } catch (Exception | AssertionError e) {
            pair.close();
            throw e;
        }
    }

    private void make() throws Exception {
        run(List.of("chown", USER + ":" + USER, dir.toString()));
        asPostgres(BIN.resolve("initdb").toString(), "-D", primary.toString(), "-U", USER, "-A", "trust",
                "--no-sync", "-E", "UTF8", "--locale=C");
        Files.writeString(primary.resolve("postgresql.conf"), String.join("\n", "",
                "# zorgbrug test (PostgresPair)",
                "listen_addresses = '127.0.0.1'",
                "port = " + primaryPort,
                "unix_socket_directories = '" + dir + "'",
                "wal_level = replica",
                "max_wal_senders = 5",
                "wal_keep_size = '256MB'",
                "max_connections = 60",
                "shared_buffers = '32MB'",
                ""), java.nio.file.StandardOpenOption.APPEND);
        pgCtl(primary, "start");
        try (Connection c = connect(primaryPort, "postgres")) {
            c.createStatement().execute("create database " + DATABASE);
        }
        asPostgres(BIN.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", String.valueOf(primaryPort),
                "-U", USER, "-D", replica.toString(), "-R", "-X", "stream", "--checkpoint=fast");
        // The clone carries the primary's settings; later lines win (postgresql.conf is read top to bottom).
        Files.writeString(replica.resolve("postgresql.conf"), String.join("\n", "",
                "port = " + replicaPort,
                "synchronous_standby_names = ''",
                "hot_standby = on",
                ""), java.nio.file.StandardOpenOption.APPEND);
        // pg_basebackup -R names the standby "walreceiver"; named here, it is the one in synchronous_standby_names.
        Files.writeString(replica.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port="
                + primaryPort + " user=" + USER + " application_name=replica'\n",
                java.nio.file.StandardOpenOption.APPEND);
        pgCtl(replica, "start");
        // Synchronous only now: with no standby yet, every commit on the primary (CREATE DATABASE, the base backup's
        // checkpoint) would wait for one. ALTER SYSTEM after the clone, so the replica does not inherit it.
        try (Connection c = connect(primaryPort, "postgres")) {
            c.createStatement().execute("alter system set synchronous_standby_names = '*'");
            c.createStatement().execute("select pg_reload_conf()");
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try (Connection c = connect(primaryPort, DATABASE);
                 ResultSet r = c.createStatement().executeQuery("select state, sync_state from pg_stat_replication")) {
                if (r.next() && "streaming".equals(r.getString(1)) && "sync".equals(r.getString(2))) {
                    return;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the replica does not stream synchronously after 30 s:\n" + logs());
            }
            Thread.sleep(100);
        }
    }

    /** The node's URL: both clusters, the one that takes writes chosen at connect (pgjdbc's multi-host URL). */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + replicaPort + "/" + DATABASE
                + "?targetServerType=primary&hostRecheckSeconds=2&connectTimeout=5&socketTimeout=30";
    }

    /** The primary stopped as if its machine died: {@code pg_ctl stop -m immediate} (no shutdown checkpoint). */
    void stopPrimaryImmediately() throws Exception {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", primary.toString(), "-m", "immediate", "-w", "stop");
    }

    /** The replica made the primary: {@code pg_ctl promote}, waiting until it accepts writes. */
    void promoteReplica() throws Exception {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", replica.toString(), "-w", "promote");
        try (Connection c = connect(replicaPort, DATABASE);
             ResultSet r = c.createStatement().executeQuery("select pg_is_in_recovery()")) {
            r.next();
            if (r.getBoolean(1)) {
                throw new AssertionError("the replica is still in recovery after pg_ctl promote:\n" + logs());
            }
        }
    }

    /** A connection to one cluster as the superuser. */
    Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, "");
    }

    /** Both clusters' server logs, for failure messages. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("primary", "replica")) {
            Path log = dir.resolve(name + ".log");
            try {
                String text = Files.exists(log) ? Files.readString(log) : "(no log)";
                sb.append("--- ").append(name).append(" ---\n").append(text, Math.max(0, text.length() - 6000),
                        text.length()).append('\n');
            } catch (IOException e) {
                sb.append(name).append(": ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    private void pgCtl(Path data, String action) throws Exception {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve(data.getFileName() + ".log").toString(), "-w", "-t", "60", action);
    }

    private void asPostgres(String... command) throws Exception {
        List<String> all = new ArrayList<>(List.of("runuser", "-u", USER, "--"));
        all.addAll(List.of(command));
        run(all);
    }

    private void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out + "\n"
                    + logs());
        }
    }

    /** Stops both clusters (immediately: nothing in them is kept) and removes their directory. */
    @Override
    public void close() {
        for (Path data : List.of(replica, primary)) {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                            "stop");
                } catch (Exception | AssertionError e) {
                    killPostmaster(data);
                }
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    /** The postmaster of {@code data}, by the process id in its postmaster.pid, when pg_ctl could not stop it. */
    private static void killPostmaster(Path data) {
        try {
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop the postmaster of " + data + ": " + e);
        }
    }
}

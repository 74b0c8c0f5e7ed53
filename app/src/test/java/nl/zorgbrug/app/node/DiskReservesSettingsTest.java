package nl.zorgbrug.app.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.unit.DataSize;

import nl.zorgbrug.gateway.spool.DiskReserve;

/**
 * Which disks the node keeps room on, read from its settings and the database URL, and which database failures
 * mean "cannot write now" (issue 15, blocker 4).
 */
class DiskReservesSettingsTest {

    @Test
    void anEmbeddedH2FileDatabaseIsWatchedInTheDirectoryOfItsFiles() {
        assertThat(DatabaseFiles.directoryOf("jdbc:h2:file:/srv/zorgbrug/data/db/zorgbrug;MODE=PostgreSQL;WRITE_DELAY=0"))
                .contains(Path.of("/srv/zorgbrug/data/db"));
        assertThat(DatabaseFiles.directoryOf("jdbc:h2:/var/lib/zb/db/node")).contains(Path.of("/var/lib/zb/db"));
        assertThat(DatabaseFiles.directoryOf("jdbc:h2:file:./data/db/zorgbrug"))
                .contains(Path.of("data/db").toAbsolutePath());
        assertThat(DatabaseFiles.directoryOf("jdbc:h2:~/zb")).contains(Path.of(System.getProperty("user.home")));
    }

    @Test
    void aDatabaseWithoutLocalFilesIsNotWatched() {
        assertThat(DatabaseFiles.directoryOf("jdbc:h2:mem:test;MODE=PostgreSQL")).isEmpty();
        assertThat(DatabaseFiles.directoryOf("jdbc:h2:tcp://db-host/~/zb")).isEmpty();
        assertThat(DatabaseFiles.directoryOf("jdbc:postgresql://127.0.0.1:5432/zorgbrug")).isEmpty();
        assertThat(DatabaseFiles.directoryOf("")).isEmpty();
    }

    @Test
    void theSpoolAndAnEmbeddedDatabaseEachKeepTheirReserve() {
        NodeProperties properties = new NodeProperties(Path.of("/data"), Path.of("/spool"), DataSize.ofMegabytes(512),
                DataSize.ofMegabytes(256), null, List.of(), null);
        assertThat(NodeConfiguration.diskReserves(properties, "jdbc:h2:file:/db/zorgbrug").reserves()).containsExactly(
                new DiskReserve("spool", Path.of("/spool"), 512L * 1024 * 1024, "zorgbrug.spool-min-free"),
                new DiskReserve("database", Path.of("/db"), 256L * 1024 * 1024, "zorgbrug.database-min-free"));
        assertThat(NodeConfiguration.diskReserves(properties, "jdbc:postgresql://localhost/zb").reserves())
                .extracting(DiskReserve::name).containsExactly("spool");
    }

    @Test
    void aClosedOrFullDatabaseCannotWriteAFaultyStatementCan() {
        SQLException closed = new SQLException("The database has been closed [90098-232]", "90098", 90098);
        assertThat(DatabaseFailures.cannotWrite(new DataAccessResourceFailureException("x", closed))).isTrue();
        assertThat(DatabaseFailures.cannotWrite(new SQLException("General error: \"org.h2.mvstore.MVStoreException:"
                + " Writing to ... failed\"", "HY000", 50000))).isTrue();
        assertThat(DatabaseFailures.cannotWrite(new SQLException("could not extend file: No space left on device",
                "53100"))).isTrue();
        // The rollback after the failure fails too, on the connection the pool has already closed.
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("x", closed));
        assertThat(DatabaseFailures.cannotWrite(rollback)).isTrue();

        assertThat(DatabaseFailures.cannotWrite(new DuplicateKeyException("x",
                new SQLException("Unique index or primary key violation", "23505", 23505)))).isFalse();
        assertThat(new DatabaseFailures().adjudicate(closed)).isEqualTo(
                com.zaxxer.hikari.SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(new DatabaseFailures().adjudicate(new SQLException("syntax", "42001", 42001))).isEqualTo(
                com.zaxxer.hikari.SQLExceptionOverride.Override.CONTINUE_EVICT);

        // H2 closed the database: every pooled connection goes (H2 ends a closed database, and its file lock, only
        // with its last session); a server that is gone or a statement's fault drops only the one connection.
        java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();
        DatabaseFailures onThePool = new DatabaseFailures(dropped::incrementAndGet);
        assertThat(onThePool.adjudicate(closed)).isEqualTo(com.zaxxer.hikari.SQLExceptionOverride.Override.MUST_EVICT);
        assertThat(dropped).hasValue(1);
        onThePool.adjudicate(new SQLException("General error: \"org.h2.mvstore.MVStoreException: Writing to ..."
                + " failed\"", "HY000", 50000));
        assertThat(dropped).hasValue(2);
        onThePool.adjudicate(new SQLException("terminating connection due to administrator command", "57P01"));
        onThePool.adjudicate(new SQLException("syntax", "42001", 42001));
        assertThat(dropped).as("only for H2's closed database").hasValue(2);
    }
}

package nl.zorgbrug.app.node;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Database failures that mean "the database cannot be written now", as opposed to a fault in a statement: its disk
 * is full, H2 closed the database after a write failed (issue 15, blocker 4), the server is gone. The REST API
 * answers them with 503 ({@code nl.zorgbrug.app.web.DatabaseUnavailable}) and the connection pool drops the
 * connection they came from (this class, as HikariCP's exception override, set on the pool by
 * {@link DatabasePool}).
 *
 * <p>Why the pool must drop it: after a write fails for want of space, H2 closes the database, and every further
 * statement on a connection opened before fails with 90098 "The database has been closed", even once space is free
 * again. HikariCP drops a connection only for SQL states it knows as fatal (08xxx and a few others), not for H2's
 * codes, and reuses a connection used less than 500 ms ago without validating it. A new connection opens the
 * database again; so the node recovers by itself once the pool lets go of the old ones (measured on a 20 MB tmpfs:
 * without this class no statement succeeded after the space was freed; with it the second one after did).
 */
public final class DatabaseFailures implements SQLExceptionOverride {
    /**
     * H2's codes (org.h2.api.ErrorCode) for a database that is closed or cannot write: DATABASE_IS_CLOSED,
     * DATABASE_CALLED_AT_SHUTDOWN, IO_EXCEPTION_1, IO_EXCEPTION_2, NO_DISK_SPACE_AVAILABLE.
     */
    private static final Set<Integer> H2_CANNOT_WRITE = Set.of(90098, 90121, 90028, 90031, 90100);
    /** H2's GENERAL_ERROR_1, which carries the storage engine's failed write. */
    private static final int H2_GENERAL_ERROR = 50000;

    /** H2's codes for a database it has closed: DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN. */
    private static final Set<Integer> H2_CLOSED = Set.of(90098, 90121);

    private final Runnable dropEveryConnection;

    /** Drops only the connection a failure came from (HikariCP may make this class itself by its name). */
    public DatabaseFailures() {
        this(() -> { });
    }

    /**
     * @param dropEveryConnection drops every connection of the pool (idle ones at once, those in use when they come
     *                            back), called when H2 has closed the database
     */
    public DatabaseFailures(Runnable dropEveryConnection) {
        this.dropEveryConnection = dropEveryConnection;
    }

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        if (h2Closed(e)) {
            // H2 (Engine.openSession) lets go of a closed database, and of its file lock, only when its last session
            // has ended; until then every new connection is refused with 90020 "the file is locked". One idle pool
            // connection that never met a failure kept it so after the space came back (DiskFullNodeTest, 2 of 9
            // runs: the API still 503 30 s later). So all of them go, not only the one that failed.
            dropEveryConnection.run();
        }
        return cannotWrite(e) ? SQLExceptionOverride.Override.MUST_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }

    /** Whether {@code e}, or what caused it, says H2 has closed the database (after a write it could not make). */
    static boolean h2Closed(Throwable e) {
        return causes(e).anyMatch(t -> t instanceof SQLException sql
                && (H2_CLOSED.contains(sql.getErrorCode()) || h2StorageEngineFailed(sql)));
    }

    /**
     * Whether {@code e}, or what caused it, says the database cannot be written now: H2's codes above (and its
     * storage engine's failed write), PostgreSQL's class 53 (insufficient resources: 53100 disk full) and 57P01-03
     * (shut down), and class 08 (connection exception) of any database (SQLSTATE, ISO/IEC 9075).
     */
    public static boolean cannotWrite(Throwable e) {
        return causes(e).anyMatch(DatabaseFailures::saysCannotWrite);
    }

    /** Whether this one exception, its causes aside, says the database cannot be written now. */
    private static boolean saysCannotWrite(Throwable t) {
        if (t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                || t instanceof org.springframework.transaction.CannotCreateTransactionException) {
            return true;
        }
        // A rollback that fails after the statement did (the pool has already closed the connection the closed
        // database broke) hides the statement's failure: it is the application exception, not the cause.
        if (t instanceof org.springframework.transaction.TransactionSystemException rollback
                && rollback.getApplicationException() != null) {
            return cannotWrite(rollback.getApplicationException());
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            return H2_CANNOT_WRITE.contains(sql.getErrorCode()) || h2StorageEngineFailed(sql)
                    || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P0");
        }
        return false;
    }

    /** H2's general error carrying its storage engine's failed write (the MVStore could not write its file). */
    private static boolean h2StorageEngineFailed(SQLException sql) {
        return sql.getErrorCode() == H2_GENERAL_ERROR && String.valueOf(sql.getMessage()).contains("MVStoreException");
    }

    /** {@code e} and its causes, outermost first (a cause that is its own cause ends the chain). */
    private static Stream<Throwable> causes(Throwable e) {
        return Stream.iterate(e, Objects::nonNull, t -> t.getCause() == t ? null : t.getCause());
    }
}

package nl.zorgbrug.app.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;

import javax.sql.DataSource;

import nl.zorgbrug.audit.export.ExportCursor;

/**
 * An export cursor in the database (V20__audit_export_cursor): one row per repository, written after every record
 * that went out, on its own connection. Read once; this node is its only writer.
 */
public final class JdbcExportCursor implements ExportCursor {
    private final DataSource dataSource;
    private final String repository;
    private final Clock clock;
    private long acknowledged = -1;

    public JdbcExportCursor(DataSource dataSource, String repository, Clock clock) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public synchronized long acknowledged() {
        if (acknowledged < 0) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "select acknowledged_seq from audit_export_cursor where repository = ?")) {
                ps.setString(1, repository);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        acknowledged = rs.getLong(1);
                    } else {
                        insert(c);
                        acknowledged = 0;
                    }
                }
            } catch (SQLException e) {
                throw failure("reading", e);
            }
        }
        return acknowledged;
    }

    private void insert(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into audit_export_cursor (repository,"
                + " acknowledged_seq, updated_at) values (?, 0, ?)")) {
            ps.setString(1, repository);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }

    @Override
    public synchronized void acknowledge(long seq) {
        long from = acknowledged();
        if (seq < from) {
            throw new IllegalArgumentException("audit export cursor of " + repository + " would move back from "
                    + from + " to " + seq);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("update audit_export_cursor set acknowledged_seq = ?,"
                     + " updated_at = ? where repository = ?")) {
            ps.setLong(1, seq);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, repository);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("audit export cursor of " + repository + " is gone from"
                        + " audit_export_cursor; was the table changed by hand?");
            }
        } catch (SQLException e) {
            throw failure("writing", e);
        }
        acknowledged = seq;
    }

    private IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("audit export: " + what + " the cursor of " + repository + " failed in the"
                + " database (" + e.getSQLState() + "): " + e.getMessage() + "; check the database connection and"
                + " table audit_export_cursor (V20)", e);
    }
}

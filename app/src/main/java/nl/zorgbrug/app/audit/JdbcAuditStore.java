package nl.zorgbrug.app.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import nl.zorgbrug.audit.event.AuditCodec;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditStore;
import nl.zorgbrug.audit.trail.Checkpoint;
import nl.zorgbrug.audit.trail.Digest;
import nl.zorgbrug.audit.trail.PurgeMark;
import nl.zorgbrug.audit.trail.SignedPurge;
import nl.zorgbrug.audit.trail.SignedCheckpoint;

/**
 * The audit trail in the node's database (V16__audit_trail): INSERT and SELECT only. Plain JDBC on its own
 * connection and transaction, never the caller's: an audit record is kept whether or not the work it tells of
 * commits later, and the {@code zorgbrug audit verify} tool uses this class without Spring.
 */
public final class JdbcAuditStore implements AuditStore {
    private static final String COLUMNS = "seq, body, previous_hash, hash";

    private final DataSource dataSource;

    public JdbcAuditStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<AuditRecord> last() {
        List<AuditRecord> r = query("select " + COLUMNS + " from audit_record order by seq desc limit 1");
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    @Override
    public void append(List<AuditRecord> records) {
        insert(records, i -> AuditCodec.decode(records.get(i).body(), "audit record " + records.get(i).seq()));
    }

    /** The trail's own path: the indexed columns from the events it just encoded, not from the text decoded again. */
    @Override
    public void append(List<AuditRecord> records, List<AuditEvent> events) {
        if (events.size() != records.size()) {
            throw new IllegalArgumentException("audit trail: " + records.size() + " records but " + events.size()
                    + " events to append; each record needs the event it was made of");
        }
        insert(records, events::get);
    }

    /**
     * Issue 22: the head is read and the records inserted in one transaction that holds the row lock of
     * {@code audit_append_lock} (V56), which every append and checkpoint of every node takes first; a second node's
     * append waits for the first's commit, and its next statement reads the head that commit made.
     */
    @Override
    public Chained appendAfterHead(java.util.function.Function<Optional<AuditRecord>, Chained> chain) {
        return inTransaction(c -> {
            lockHead(c);
            Chained made = chain.apply(last(c));
            if (!made.records().isEmpty()) {
                insert(c, made.records(), made.events()::get);
            }
            return made;
        });
    }

    /** Issue 22: the checkpoint is signed of the head and kept under the append lock, so counts never go down. */
    @Override
    public SignedCheckpoint checkpointHead(java.util.function.BiFunction<Optional<AuditRecord>,
            Optional<SignedCheckpoint>, SignedCheckpoint> sign) {
        return inTransaction(c -> {
            lockHead(c);
            Optional<SignedCheckpoint> kept;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select id, record_count, head_hash, at, key_id, algorithm, signature"
                         + " from audit_checkpoint order by id desc limit 1")) {
                kept = rs.next() ? Optional.of(checkpoint(rs)) : Optional.empty();
            }
            SignedCheckpoint made = sign.apply(last(c), kept);
            return made == null ? null : addCheckpoint(c, made);
        });
    }

    private static void lockHead(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select id from audit_append_lock where id = 1 for update")) {
            if (!rs.next()) {
                throw new SQLException("the row of audit_append_lock (V56) is missing; appends to the audit trail"
                        + " cannot be serialised without it: insert into audit_append_lock values (1)");
            }
        }
    }

    private static Optional<AuditRecord> last(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select " + COLUMNS + " from audit_record order by seq desc limit 1")) {
            return rs.next() ? Optional.of(record(rs)) : Optional.empty();
        }
    }

    private void insert(List<AuditRecord> records, java.util.function.IntFunction<AuditEvent> eventOf) {
        inTransaction(c -> {
            insert(c, records, eventOf);
            return null;
        });
    }

    private static void insert(Connection c, List<AuditRecord> records,
                               java.util.function.IntFunction<AuditEvent> eventOf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into audit_record (seq, event_id, type, at,"
                + " patient_bsn, body, previous_hash, hash) values (?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < records.size(); i++) {
                AuditRecord r = records.get(i);
                AuditEvent e = eventOf.apply(i);
                ps.setLong(1, r.seq());
                ps.setString(2, e.id().toString());
                ps.setString(3, e.type().name());
                ps.setTimestamp(4, Timestamp.from(e.at()));
                ps.setString(5, e.patient() == null || e.patient().bsn() == null ? null : e.patient().bsn().value());
                ps.setString(6, r.body());
                ps.setString(7, r.previous().hex());
                ps.setString(8, r.hash().hex());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        shownPatients(c, records, eventOf);
    }

    /**
     * The patients a list showed (PATIENT objects) by BSN, beside the record's own patient, into
     * {@code audit_shown_patient} (V42) in the record's own transaction, so the overview finds the view.
     */
    private static void shownPatients(Connection c, List<AuditRecord> records,
                                      java.util.function.IntFunction<AuditEvent> eventOf) throws SQLException {
        PreparedStatement ps = null;
        try {
            for (int i = 0; i < records.size(); i++) {
                AuditEvent e = eventOf.apply(i);
                String own = e.patient() == null || e.patient().bsn() == null ? null : e.patient().bsn().value();
                java.util.Set<String> filed = new java.util.HashSet<>();
                for (nl.zorgbrug.audit.event.PatientRef p : e.patients()) {
                    if (p.bsn() == null || p.bsn().value().equals(own) || !filed.add(p.bsn().value())) {
                        continue;
                    }
                    if (ps == null) {
                        ps = c.prepareStatement("insert into audit_shown_patient (patient_bsn, seq) values (?,?)");
                    }
                    ps.setString(1, p.bsn().value());
                    ps.setLong(2, records.get(i).seq());
                    ps.addBatch();
                }
            }
            if (ps != null) {
                ps.executeBatch();
            }
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    @Override
    public List<AuditRecord> read(long after, int limit) {
        return query("select " + COLUMNS + " from audit_record where seq > ? order by seq limit ?", after, limit);
    }

    @Override
    public List<AuditRecord> forPatient(nl.zorgbrug.bsn.Bsn patient, int limit) {
        // The events about the patient, and the lists that showed the patient among others (V42).
        // Two index reads, not an OR the planner may answer by reading the whole trail; a record is in one of the
        // two only (append files the shown patients other than the record's own).
        return query("select " + COLUMNS + " from (select " + COLUMNS + " from audit_record where patient_bsn = ?"
                + " union all select r.seq, r.body, r.previous_hash, r.hash from audit_shown_patient p join"
                + " audit_record r on r.seq = p.seq where p.patient_bsn = ?) x order by seq limit ?",
                patient.value(), patient.value(), limit);
    }

    @Override
    public List<AuditRecord> search(java.time.Instant from, java.time.Instant to,
                                    nl.zorgbrug.audit.event.EventType type, int limit) {
        return type == null
                ? query("select " + COLUMNS + " from audit_record where at >= ? and at < ? order by seq desc limit ?",
                        Timestamp.from(from), Timestamp.from(to), limit)
                : query("select " + COLUMNS + " from audit_record where at >= ? and at < ? and type = ?"
                        + " order by seq desc limit ?", Timestamp.from(from), Timestamp.from(to), type.name(), limit);
    }

    @Override
    public Set<UUID> existing(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        String marks = String.join(",", java.util.Collections.nCopies(eventIds.size(), "?"));
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select event_id from audit_record where event_id in ("
                     + marks + ")")) {
            int i = 1;
            for (UUID id : eventIds) {
                ps.setString(i++, id.toString());
            }
            Set<UUID> found = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(UUID.fromString(rs.getString(1)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw failure("reading event ids", e);
        }
    }

    @Override
    public SignedCheckpoint addCheckpoint(SignedCheckpoint s) {
        return inTransaction(c -> addCheckpoint(c, s));
    }

    private static SignedCheckpoint addCheckpoint(Connection c, SignedCheckpoint s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into audit_checkpoint (record_count, head_hash, at,"
                + " key_id, algorithm, signature) values (?,?,?,?,?,?)", new String[] {"id"})) {
            ps.setLong(1, s.checkpoint().count());
            ps.setString(2, s.checkpoint().head().hex());
            ps.setTimestamp(3, Timestamp.from(s.checkpoint().at()));
            ps.setString(4, s.keyId());
            ps.setString(5, s.algorithm());
            ps.setString(6, s.signature());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return s.withId(keys.getLong(1));
            }
        }
    }

    @Override
    public List<SignedCheckpoint> checkpoints() {
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select id, record_count, head_hash, at, key_id, algorithm, signature"
                     + " from audit_checkpoint order by id")) {
            List<SignedCheckpoint> out = new ArrayList<>();
            while (rs.next()) {
                out.add(checkpoint(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading checkpoints", e);
        }
    }

    private static SignedCheckpoint checkpoint(ResultSet rs) throws SQLException {
        return new SignedCheckpoint(rs.getLong(1), new Checkpoint(rs.getLong(2), new Digest(rs.getString(3)),
                rs.getTimestamp(4).toInstant()), rs.getString(5), rs.getString(6), rs.getString(7));
    }

    @Override
    public long lastSeqAllBefore(java.time.Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select (select min(seq) from audit_record where at >= ?),"
                     + " (select max(seq) from audit_record)")) {
            ps.setTimestamp(1, Timestamp.from(before));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long firstNotBefore = rs.getLong(1);
                boolean none = rs.wasNull();
                long max = rs.getLong(2);
                return none ? max : firstNotBefore - 1;
            }
        } catch (SQLException e) {
            throw failure("finding the records older than " + before, e);
        }
    }

    @Override
    public SignedPurge addPurge(SignedPurge p) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into audit_purge (purged_through, head_hash,"
                    + " before_time, at, key_id, algorithm, signature) values (?,?,?,?,?,?,?)", new String[] {"id"})) {
                ps.setLong(1, p.mark().through());
                ps.setString(2, p.mark().head().hex());
                ps.setTimestamp(3, Timestamp.from(p.mark().before()));
                ps.setTimestamp(4, Timestamp.from(p.mark().at()));
                ps.setString(5, p.keyId());
                ps.setString(6, p.algorithm());
                ps.setString(7, p.signature());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return p.withId(keys.getLong(1));
                }
            }
        });
    }

    @Override
    public List<SignedPurge> purges() {
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select id, purged_through, head_hash, before_time, at, key_id, algorithm,"
                     + " signature from audit_purge order by id")) {
            List<SignedPurge> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new SignedPurge(rs.getLong(1), new PurgeMark(rs.getLong(2), digestOrBroken(rs.getString(3)),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()), rs.getString(6),
                        rs.getString(7), rs.getString(8)));
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading purge marks", e);
        }
    }

    /**
     * Removes records 1 to {@code through}. On PostgreSQL through {@code audit_purge(through)} (V24), the one
     * narrow path past the revoked DELETE and the append-only trigger, which refuses beyond the latest purge mark;
     * on H2 (no trigger there) with a plain DELETE.
     */
    @Override
    public long removeThrough(long through) {
        return inTransaction(c -> {
            // The overview's index of shown patients (V42) goes with the records it points to.
            try (PreparedStatement ps = c.prepareStatement("delete from audit_shown_patient where seq <= ?")) {
                ps.setLong(1, through);
                ps.executeUpdate();
            }
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres");
            if (postgres) {
                try (PreparedStatement ps = c.prepareStatement("select audit_purge(?)")) {
                    ps.setLong(1, through);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("delete from audit_record where seq <= ?")) {
                ps.setLong(1, through);
                return (long) ps.executeUpdate();
            }
        });
    }

    private List<AuditRecord> query(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<AuditRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(record(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading audit records", e);
        }
    }

    /**
     * A row as stored. A hash column that is not a hash any more (someone edited it) is read as a hash that fits
     * nothing, so the verifier reports the record as changed instead of stopping on a parse error.
     */
    private static AuditRecord record(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong(1), rs.getString(2), digestOrBroken(rs.getString(3)),
                digestOrBroken(rs.getString(4)));
    }

    private static Digest digestOrBroken(String hex) {
        try {
            return new Digest(hex == null ? "" : hex);
        } catch (IllegalArgumentException e) {
            return Digest.of("not a hash", String.valueOf(hex));
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure("writing to the audit trail", e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("audit trail: " + what + " failed in the database (" + e.getSQLState()
                + "): " + e.getMessage() + "; check the database connection and the audit tables (V16)", e);
    }
}

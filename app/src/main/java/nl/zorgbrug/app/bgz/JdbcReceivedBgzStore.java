package nl.zorgbrug.app.bgz;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.bgz.receive.BgzSource;
import nl.zorgbrug.bgz.receive.Occasion;
import nl.zorgbrug.bgz.receive.ReceivedBgz;
import nl.zorgbrug.bgz.receive.ReceivedBgzStore;
import nl.zorgbrug.bgz.receive.ReceivedQuery;
import nl.zorgbrug.bgz.specialism.Specialism;
import nl.zorgbrug.bsn.Bsn;

/** Received BgZs in the node's database (V44), apart from the own record: a BgZ and its answers in one transaction. */
public class JdbcReceivedBgzStore implements ReceivedBgzStore {
    private static final String HEADER = "id, source_key, source_name, source_ura, source_base, occasion, reference,"
            + " received_at, patient_bsn, received_by, queries, failed, resources, specialism";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcReceivedBgzStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void save(ReceivedBgz r) {
        tx.executeWithoutResult(status -> {
            BgzSource s = r.source();
            jdbc.update("insert into bgz_received (" + HEADER + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.id().toString(), s.key(), s.name(), s.ura(), s.base(), r.occasion().name(), r.reference(),
                    Timestamp.from(r.receivedAt()), r.patient().value(), r.receivedBy(), r.queries().size(),
                    r.failed().size(), r.resources(), r.specialism() == null ? null : r.specialism().code());
            int seq = 0;
            for (ReceivedQuery q : r.queries()) {
                jdbc.update("insert into bgz_received_query (received_id, seq, query, status, total, failure,"
                        + " bundle_json) values (?, ?, ?, ?, ?, ?, ?)", r.id().toString(), seq++, q.query(), q.status(),
                        q.total(), q.failure(), q.bundleJson());
            }
        });
    }

    @Override
    public Optional<ReceivedBgz> find(UUID id) {
        return jdbc.query("select " + HEADER + " from bgz_received where id = ?", this::summary, id.toString())
                .stream().findFirst().map(s -> new ReceivedBgz(s.id(), s.source(), s.occasion(), s.reference(),
                        s.receivedAt(), s.patient(), s.receivedBy(), jdbc.query("select query, status, total, failure,"
                        + " bundle_json from bgz_received_query where received_id = ? order by seq",
                        (rs, n) -> new ReceivedQuery(rs.getString("query"), rs.getInt("status"), rs.getInt("total"),
                                rs.getString("failure"), rs.getString("bundle_json")), id.toString()),
                        s.resources(), s.specialism()));
    }

    @Override
    public List<ReceivedBgz.Summary> recent(int limit) {
        return jdbc.query("select " + HEADER + " from bgz_received order by received_at desc, id limit ?",
                this::summary, limit);
    }

    @Override
    public List<ReceivedBgz.Summary> forPatient(Bsn patient) {
        return jdbc.query("select " + HEADER + " from bgz_received where patient_bsn = ? order by received_at desc, id",
                this::summary, patient.value());
    }

    @Override
    public int unseen() {
        Integer n = jdbc.queryForObject("select count(*) from bgz_received where seen_at is null", Integer.class);
        return n == null ? 0 : n;
    }

    @Override
    public void markSeen(UUID id, String user, Instant at) {
        jdbc.update("update bgz_received set seen_at = ?, seen_by = ? where id = ? and seen_at is null",
                Timestamp.from(at), user, id.toString());
    }

    private ReceivedBgz.Summary summary(ResultSet rs, int n) throws SQLException {
        return new ReceivedBgz.Summary(UUID.fromString(rs.getString("id")), new BgzSource(rs.getString("source_key"),
                rs.getString("source_name"), rs.getString("source_ura"), rs.getString("source_base")),
                Occasion.valueOf(rs.getString("occasion")), rs.getString("reference"),
                rs.getTimestamp("received_at").toInstant(), Bsn.parse(rs.getString("patient_bsn")),
                rs.getString("received_by"), rs.getInt("queries"), rs.getInt("failed"), rs.getInt("resources"),
                // A code the list no longer has (stored by an older version) shows as none rather than failing the list.
                Specialism.byCode(rs.getString("specialism")).orElse(null));
    }
}

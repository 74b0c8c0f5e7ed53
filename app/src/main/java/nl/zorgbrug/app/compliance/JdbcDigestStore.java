package nl.zorgbrug.app.compliance;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Every digest made, with its delivery result (V25__compliance_digest.sql). */
class JdbcDigestStore {
    /** A kept digest. */
    record Kept(long id, String institution, LocalDate from, LocalDate to, Instant madeAt, String recipient,
                String subject, String body, int studies, String delivery, String detail) {
    }

    private static final RowMapper<Kept> ROW = (rs, n) -> new Kept(rs.getLong("id"), rs.getString("institution_key"),
            rs.getDate("period_from").toLocalDate(), rs.getDate("period_to").toLocalDate(),
            rs.getTimestamp("made_at").toInstant(), rs.getString("recipient"), rs.getString("subject"),
            rs.getString("body"), rs.getInt("studies"), rs.getString("delivery"), rs.getString("delivery_detail"));

    private final JdbcTemplate jdbc;

    JdbcDigestStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Delivered already (sent or exported): a failed attempt does not count. */
    boolean delivered(String institution, LocalDate from, LocalDate to) {
        return jdbc.queryForObject("select count(*) from compliance_digest where institution_key = ? and period_from = ?"
                + " and period_to = ? and delivery <> 'FAILED'", Integer.class, institution, Date.valueOf(from), Date.valueOf(to)) > 0;
    }

    void save(String institution, LocalDate from, LocalDate to, Instant at, String recipient, String subject, String body,
              int studies, String delivery, String detail) {
        jdbc.update("insert into compliance_digest (institution_key, period_from, period_to, made_at, recipient, subject,"
                        + " body, studies, delivery, delivery_detail) values (?,?,?,?,?,?,?,?,?,?)", institution,
                Date.valueOf(from), Date.valueOf(to), Timestamp.from(at), recipient, subject, body, studies, delivery,
                detail == null ? null : detail.substring(0, Math.min(2000, detail.length())));
    }

    /** Newest first; {@code institution} null for all. */
    List<Kept> list(String institution) {
        return institution == null
                ? jdbc.query("select * from compliance_digest order by period_from desc, institution_key, id desc", ROW)
                : jdbc.query("select * from compliance_digest where institution_key = ? order by period_from desc, id desc", ROW,
                        institution);
    }

    Optional<Kept> find(long id) {
        return jdbc.query("select * from compliance_digest where id = ?", ROW, id).stream().findFirst();
    }
}

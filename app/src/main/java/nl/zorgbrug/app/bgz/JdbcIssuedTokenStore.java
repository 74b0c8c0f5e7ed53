package nl.zorgbrug.app.bgz;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.bgz.referral.IssuedToken;
import nl.zorgbrug.bgz.referral.IssuedTokenStore;
import nl.zorgbrug.bsn.Bsn;

/** The tokens issued with Notified Pull Tasks in the node's database (V45), by the token's SHA-256. */
public class JdbcIssuedTokenStore implements IssuedTokenStore {
    private static final String COLUMNS = "token_hash, task_id, referral, patient_bsn, receiver_ura, receiver_name,"
            + " institution_type, resource_types, issued_at, expires_at, revoked";

    private final JdbcTemplate jdbc;

    public JdbcIssuedTokenStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(IssuedToken t) {
        jdbc.update("insert into bgz_issued_token (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.hash(), t.taskId(), t.referral(), t.patient().value(), t.receiverUra(), t.receiverName(),
                t.institutionType(), String.join(",", t.resourceTypes()), Timestamp.from(t.issuedAt()),
                Timestamp.from(t.expiresAt()), t.revoked());
    }

    @Override
    public Optional<IssuedToken> byHash(String hash) {
        return jdbc.query("select " + COLUMNS + " from bgz_issued_token where token_hash = ?", this::row, hash)
                .stream().findFirst();
    }

    @Override
    public Optional<IssuedToken> byTask(String taskId) {
        return jdbc.query("select " + COLUMNS + " from bgz_issued_token where task_id = ?", this::row, taskId)
                .stream().findFirst();
    }

    @Override
    public void revoke(String taskId) {
        jdbc.update("update bgz_issued_token set revoked = true where task_id = ?", taskId);
    }

    private IssuedToken row(ResultSet rs, int n) throws SQLException {
        String types = rs.getString("resource_types");
        return new IssuedToken(rs.getString("token_hash"), rs.getString("task_id"), rs.getString("referral"),
                Bsn.parse(rs.getString("patient_bsn")), rs.getString("receiver_ura"), rs.getString("receiver_name"),
                rs.getString("institution_type"), types == null || types.isEmpty() ? Set.of()
                : Set.copyOf(Arrays.asList(types.split(","))), rs.getTimestamp("issued_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), rs.getBoolean("revoked"));
    }
}

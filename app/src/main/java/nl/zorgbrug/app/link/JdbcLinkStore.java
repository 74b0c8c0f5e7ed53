package nl.zorgbrug.app.link;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import nl.zorgbrug.transport.link.DownloadLink;
import nl.zorgbrug.transport.link.LinkState;
import nl.zorgbrug.transport.link.LinkStore;

/** Download links in the node's database (V30). */
public class JdbcLinkStore implements LinkStore {
    private static final String COLUMNS = "study_instance_uid, recipient, institution_key, reason, swap, once,"
            + " valid_until, state, ordered_by, ordered, token_hash, code_salt, code_hash, failed_attempts, downloads,"
            + " job_id, package_file, package_bytes, patient_id";

    private final JdbcTemplate jdbc;

    public JdbcLinkStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    private static final RowMapper<DownloadLink> ROW = (ResultSet rs, int n) -> new DownloadLink(rs.getLong("id"),
            rs.getString("study_instance_uid"), rs.getString("recipient"), rs.getString("institution_key"),
            rs.getString("reason"), rs.getBoolean("swap"), rs.getBoolean("once"), instant(rs, "valid_until"),
            LinkState.valueOf(rs.getString("state")), rs.getString("ordered_by"), instant(rs, "ordered"),
            rs.getString("token_hash"), rs.getString("code_salt"), rs.getString("code_hash"),
            rs.getInt("failed_attempts"), rs.getInt("downloads"), (Long) rs.getObject("job_id", Long.class),
            rs.getString("package_file"), rs.getLong("package_bytes"), rs.getString("patient_id"));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Object[] values(DownloadLink l) {
        return new Object[] {l.studyInstanceUid(), l.recipient(), l.institution(), l.reason(), l.swap(), l.once(),
                Timestamp.from(l.until()), l.state().name(), l.orderedBy(), Timestamp.from(l.ordered()), l.tokenHash(),
                l.codeSalt(), l.codeHash(), l.failedAttempts(), l.downloads(), l.jobId(), l.packageFile(),
                l.packageBytes(), l.patientId()};
    }

    @Override
    public boolean saveIf(LinkState expected, DownloadLink next) {
        Object[] v = values(next);
        Object[] where = java.util.Arrays.copyOf(v, v.length + 2);
        where[v.length] = next.id();
        where[v.length + 1] = expected.name();
        return jdbc.update("update download_link set " + COLUMNS.replace(",", " = ?,") + " = ? where id = ? and state = ?",
                where) == 1;
    }

    @Override
    public DownloadLink save(DownloadLink link) {
        Object[] v = values(link);
        if (link.id() != 0) {
            Object[] withId = java.util.Arrays.copyOf(v, v.length + 1);
            withId[v.length] = link.id();
            jdbc.update("update download_link set " + COLUMNS.replace(",", " = ?,") + " = ? where id = ?", withId);
            return link;
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("insert into download_link (" + COLUMNS + ") values ("
                    + "?, ".repeat(v.length - 1) + "?)", new String[] {"id"});
            for (int i = 0; i < v.length; i++) {
                ps.setObject(i + 1, v[i]);
            }
            return ps;
        }, key);
        return link.withId(key.getKey().longValue());
    }

    @Override
    public Optional<DownloadLink> find(long id) {
        return jdbc.query("select * from download_link where id = ?", ROW, id).stream().findFirst();
    }

    @Override
    public Optional<DownloadLink> byTokenHash(String tokenHash) {
        return jdbc.query("select * from download_link where token_hash = ?", ROW, tokenHash).stream().findFirst();
    }

    @Override
    public List<DownloadLink> ordered(String studyInstanceUid) {
        return jdbc.query("select * from download_link where study_instance_uid = ? and state = ? order by id", ROW,
                studyInstanceUid, LinkState.ORDERED.name());
    }

    @Override
    public List<DownloadLink> recent(int limit) {
        return jdbc.query("select * from download_link order by id desc limit ?", ROW, limit);
    }

    @Override
    public List<DownloadLink> toPurge(Instant now) {
        // The same rule as LinkPurge: a package no longer downloadable, or a date passed while active or ordered.
        return jdbc.query("select * from download_link where (package_file is not null and state <> ?)"
                        + " or (state in (?, ?) and valid_until <= ?) order by id", ROW, LinkState.ACTIVE.name(),
                LinkState.ACTIVE.name(), LinkState.ORDERED.name(), Timestamp.from(now));
    }
}

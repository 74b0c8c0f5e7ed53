package nl.zorgbrug.app.quarantine;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import nl.zorgbrug.gateway.quarantine.QuarantineItem;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;

/** The quarantine worklist in the node's database. */
public class JdbcQuarantine implements QuarantineRepository {
    private static final RowMapper<QuarantineItem> ROW = (rs, n) -> new QuarantineItem(rs.getLong("id"),
            rs.getString("study_instance_uid"), rs.getString("sop_instance_uid"), rs.getString("sop_class_uid"),
            rs.getString("calling_ae_title"), rs.getString("reason_code"), rs.getString("message_nl"),
            rs.getString("message_en"), rs.getString("patient_name"), rs.getString("patient_id_masked"),
            rs.getString("state"), rs.getTimestamp("received").toInstant(), rs.getString("decided_by"),
            rs.getTimestamp("decided") == null ? null : rs.getTimestamp("decided").toInstant());

    private final JdbcTemplate jdbc;

    public JdbcQuarantine(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public synchronized QuarantineItem add(QuarantineItem i) {
        List<QuarantineItem> open = jdbc.query("select * from quarantine_item where sop_instance_uid = ? and state = 'OPEN'",
                ROW, i.sopInstanceUid());
        if (!open.isEmpty()) {
            return open.get(0);
        }
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into quarantine_item (study_instance_uid, sop_instance_uid, sop_class_uid,"
                    + " calling_ae_title, reason_code, message_nl, message_en, patient_name, patient_id_masked, state, received)"
                    + " values (?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
            ps.setString(1, i.studyInstanceUid());
            ps.setString(2, i.sopInstanceUid());
            ps.setString(3, i.sopClassUid());
            ps.setString(4, i.callingAeTitle());
            ps.setString(5, i.reasonCode());
            ps.setString(6, i.messageNl());
            ps.setString(7, i.messageEn());
            ps.setString(8, i.patientName());
            ps.setString(9, i.patientIdMasked());
            ps.setString(10, i.state());
            ps.setTimestamp(11, Timestamp.from(i.received()));
            return ps;
        }, keys);
        return find(keys.getKey().longValue()).orElseThrow();
    }

    @Override
    public List<QuarantineItem> open() {
        return jdbc.query("select * from quarantine_item where state = 'OPEN' order by study_instance_uid, received", ROW);
    }

    @Override
    public List<QuarantineItem> byStudy(String studyInstanceUid) {
        return jdbc.query("select * from quarantine_item where study_instance_uid = ? order by id", ROW, studyInstanceUid);
    }

    @Override
    public Optional<QuarantineItem> find(long id) {
        return jdbc.query("select * from quarantine_item where id = ?", ROW, id).stream().findFirst();
    }

    @Override
    public void decide(long id, String state, String user, Instant at) {
        jdbc.update("update quarantine_item set state = ?, decided_by = ?, decided = ? where id = ?", state, user,
                Timestamp.from(at), id);
    }
}

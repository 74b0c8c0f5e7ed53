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
import nl.zorgbrug.gateway.quarantine.QuarantineState;

/** The quarantine worklist in the node's database. */
public class JdbcQuarantine implements QuarantineRepository {
    private static final RowMapper<QuarantineItem> ROW = (rs, n) -> new QuarantineItem(rs.getLong("id"),
            rs.getString("route"), rs.getString("study_instance_uid"), rs.getString("sop_instance_uid"),
            rs.getString("sop_class_uid"), rs.getString("calling_ae_title"), rs.getString("reason_code"),
            rs.getString("message_nl"), rs.getString("message_en"), rs.getString("patient_name"),
            rs.getString("patient_id_masked"), QuarantineState.valueOf(rs.getString("state")),
            rs.getTimestamp("received").toInstant(), rs.getString("decided_by"),
            rs.getTimestamp("decided") == null ? null : rs.getTimestamp("decided").toInstant(),
            rs.getString("linked_local_id"), rs.getString("decision_reason"));

    private final JdbcTemplate jdbc;

    public JdbcQuarantine(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public synchronized QuarantineItem add(QuarantineItem i) {
        List<QuarantineItem> open = jdbc.query("select * from quarantine_item where sop_instance_uid = ? and state = ?",
                ROW, i.sopInstanceUid(), QuarantineState.OPEN.name());
        if (!open.isEmpty()) {
            return open.get(0);
        }
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into quarantine_item (route, study_instance_uid, sop_instance_uid,"
                    + " sop_class_uid, calling_ae_title, reason_code, message_nl, message_en, patient_name,"
                    + " patient_id_masked, state, received) values (?,?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
            ps.setString(1, i.route());
            ps.setString(2, i.studyInstanceUid());
            ps.setString(3, i.sopInstanceUid());
            ps.setString(4, i.sopClassUid());
            ps.setString(5, i.callingAeTitle());
            ps.setString(6, i.reasonCode());
            ps.setString(7, i.messageNl());
            ps.setString(8, i.messageEn());
            ps.setString(9, i.patientName());
            ps.setString(10, i.patientIdMasked());
            ps.setString(11, i.state().name());
            ps.setTimestamp(12, Timestamp.from(i.received()));
            return ps;
        }, keys);
        return find(keys.getKey().longValue()).orElseThrow();
    }

    @Override
    public List<QuarantineItem> open() {
        return jdbc.query("select * from quarantine_item where state = ? order by study_instance_uid, received", ROW,
                QuarantineState.OPEN.name());
    }

    @Override
    public long countOpen() {
        Long n = jdbc.queryForObject("select count(*) from quarantine_item where state = ?", Long.class,
                QuarantineState.OPEN.name());
        return n == null ? 0 : n;
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
    public void reject(long id, String user, Instant at, String why) {
        jdbc.update("update quarantine_item set state = ?, decided_by = ?, decided = ?, decision_reason = ? where id = ?",
                QuarantineState.REJECTED.name(), user, Timestamp.from(at), why, id);
    }

    @Override
    public void link(long id, String localId, String user, Instant at) {
        jdbc.update("update quarantine_item set state = ?, linked_local_id = ?, decided_by = ?, decided = ? where id = ?",
                QuarantineState.LINKED.name(), localId, user, Timestamp.from(at), id);
    }

    @Override
    public void refreshReason(long id, String reasonCode, String messageNl, String messageEn) {
        jdbc.update("update quarantine_item set reason_code = ?, message_nl = ?, message_en = ? where id = ? and state = ?",
                reasonCode, messageNl, messageEn, id, QuarantineState.OPEN.name());
    }

    @Override
    public Optional<String> linkedLocalId(String route, String sopInstanceUid) {
        // The newest link wins, should an object have been quarantined and linked twice.
        return jdbc.queryForList("select linked_local_id from quarantine_item where sop_instance_uid = ? and route = ?"
                        + " and state = ? order by id desc", String.class, sopInstanceUid, route,
                QuarantineState.LINKED.name()).stream().findFirst();
    }
}

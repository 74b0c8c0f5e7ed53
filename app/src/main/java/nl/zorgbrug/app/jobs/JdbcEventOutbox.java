package nl.zorgbrug.app.jobs;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.gateway.events.EventCodec;
import nl.zorgbrug.gateway.events.EventOutbox;
import nl.zorgbrug.gateway.events.GatewayEvent;

/**
 * The gateway's event outbox in the node's database (V9__gateway_event.sql). The {@link JdbcTemplate} takes part
 * in the transaction the job manager runs, so an event is committed with the change it tells of, or not at all.
 */
public class JdbcEventOutbox implements EventOutbox {
    private final JdbcTemplate jdbc;

    public JdbcEventOutbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long append(GatewayEvent event) {
        org.springframework.jdbc.support.KeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into gateway_event (kind, at, body) values (?,?,?)",
                    new String[] {"id"});
            ps.setString(1, EventCodec.kind(event));
            ps.setTimestamp(2, Timestamp.from(event.at()));
            ps.setString(3, EventCodec.body(event));
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    @Override
    public List<Kept> after(long position, int limit) {
        return jdbc.query("select id, kind, body from gateway_event where id > ? order by id limit ?",
                (rs, n) -> new Kept(rs.getLong("id"), EventCodec.read(rs.getString("kind"), rs.getString("body"))),
                position, limit);
    }

    @Override
    public long position(String subscriber) {
        List<Long> p = jdbc.queryForList("select position from gateway_event_subscriber where name = ?", Long.class,
                subscriber);
        return p.isEmpty() ? 0 : p.get(0);
    }

    @Override
    public void advance(String subscriber, long position) {
        if (jdbc.update("update gateway_event_subscriber set position = ? where name = ?", position, subscriber) == 0) {
            jdbc.update("insert into gateway_event_subscriber (name, position) values (?,?)", subscriber, position);
        }
    }

    @Override
    public java.util.Map<String, Long> positions() {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        jdbc.query("select name, position from gateway_event_subscriber",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** Bounded: one statement removing at most {@code limit} of the oldest handled events. */
    @Override
    public int prune(long position, int limit) {
        return jdbc.update("delete from gateway_event where id in (select id from gateway_event where id <= ?"
                + " order by id limit ?)", position, limit);
    }
}

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

    /**
     * Locks the subscriber's row with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL documentation, SELECT, "The Locking
     * Clause"; H2 has the same clause): the row another node's open transaction holds is skipped, not waited for, so
     * that node's pump hands the batch and this one returns empty. One statement while the row is free. A subscriber
     * without a row yet (its first catch-up on this database) gets one at position 0; {@code ON CONFLICT DO NOTHING}
     * when another node makes it at the same moment, which waits only until that node's first batch commits.
     */
    @Override
    public java.util.OptionalLong claim(String subscriber) {
        List<Long> held = lockedPosition(subscriber);
        if (!held.isEmpty()) {
            return java.util.OptionalLong.of(held.get(0));
        }
        if (jdbc.queryForObject("select count(*) from gateway_event_subscriber where name = ?", Integer.class,
                subscriber) > 0) {
            return java.util.OptionalLong.empty(); // the row is there and another node's transaction holds it
        }
        jdbc.update("insert into gateway_event_subscriber (name, position) values (?, 0) on conflict do nothing",
                subscriber);
        held = lockedPosition(subscriber);
        return held.isEmpty() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(held.get(0));
    }

    private List<Long> lockedPosition(String subscriber) {
        return jdbc.queryForList("select position from gateway_event_subscriber where name = ? for update skip locked",
                Long.class, subscriber);
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

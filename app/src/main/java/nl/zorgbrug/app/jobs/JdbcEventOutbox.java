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
    /**
     * How long an id a subscriber passed without seeing it is looked for (V57): longer than any unit of work that
     * writes events stays open; after it the id is taken as rolled back.
     */
    static final java.time.Duration HOLE_KEPT = java.time.Duration.ofMinutes(5);
    /** A jump of the position over more unseen ids is a first catch-up over pruned ones, not units still open. */
    private static final int MOST_HOLES = 1_000;

    private final JdbcTemplate jdbc;
    private final java.time.Clock clock;

    public JdbcEventOutbox(JdbcTemplate jdbc) {
        this(jdbc, java.time.Clock.systemUTC());
    }

    /** @param clock when a passed id was seen, and when it is given up (V57) */
    public JdbcEventOutbox(JdbcTemplate jdbc, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The columns' sizes (V9): events kept together that would not fit are kept one by one instead. */
    private static final int KIND_SIZE = 32;
    private static final int BODY_SIZE = 8000;

    @Override
    public long append(GatewayEvent event) {
        return insert(EventCodec.kind(event), event.at(), EventCodec.body(event));
    }

    /** One row for events kept together (the intake's received object and where it went: issue 17). */
    @Override
    public long append(List<GatewayEvent> together) {
        if (together.size() == 1) {
            return append(together.get(0));
        }
        String kind = EventCodec.kind(together);
        String body = EventCodec.body(together);
        if (kind.length() > KIND_SIZE || body.length() > BODY_SIZE) {
            return EventOutbox.super.append(together);
        }
        return insert(kind, together.get(0).at(), body);
    }

    private long insert(String kind, java.time.Instant at, String body) {
        org.springframework.jdbc.support.KeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into gateway_event (kind, at, body) values (?,?,?)",
                    new String[] {"id"});
            ps.setString(1, kind);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, body);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    /** {@code limit} rows; a row of events kept together gives each of them, with the row's id as position. */
    @Override
    public List<Kept> after(long position, int limit) {
        return rows("select id, kind, body from gateway_event where id > ? order by id limit ?", position, limit);
    }

    /** Rows as kept events: a row of events kept together gives each of them, with the row's id as position. */
    private List<Kept> rows(String sql, Object... args) {
        List<Kept> out = new java.util.ArrayList<>();
        jdbc.query(sql, (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
            long id = rs.getLong(1);
            for (GatewayEvent event : EventCodec.readAll(rs.getString(2), rs.getString(3))) {
                out.add(new Kept(id, event));
            }
        }, args);
        return out;
    }

    /**
     * Issue 22, the commit-order gap: first the events whose ids the subscriber passed while their units of work were
     * still open and that have committed since (V57), forgotten in this transaction; then those after the position.
     * The ids this batch passes without seeing them (between the position and its last event) are kept for the next
     * catch-ups, in this transaction, so they are kept exactly when the position moves over them. Ids passed longer
     * ago than {@link #HOLE_KEPT} are given up (rolled back). The limit counts positions (rows), as {@link #after}'s.
     */
    @Override
    public List<Kept> handOut(String subscriber, long position, int limit) {
        jdbc.update("delete from gateway_event_hole where subscriber = ? and seen < ?", subscriber,
                Timestamp.from(clock.instant().minus(HOLE_KEPT)));
        List<Kept> out = new java.util.ArrayList<>(rows("select e.id, e.kind, e.body from gateway_event e join"
                + " gateway_event_hole h on h.id = e.id where h.subscriber = ? order by e.id limit ?", subscriber, limit));
        if (!out.isEmpty()) {
            jdbc.batchUpdate("delete from gateway_event_hole where subscriber = ? and id = ?",
                    out.stream().map(Kept::position).distinct().map(id -> new Object[] {subscriber, id}).toList());
        }
        int handed = EventOutbox.positions(out);
        if (handed < limit) {
            List<Kept> next = after(position, limit - handed);
            keepHoles(subscriber, position, next);
            out.addAll(next);
        }
        return out;
    }

    /** The ids between the position and the last of {@code next} (all ids there that this transaction sees). */
    private void keepHoles(String subscriber, long position, List<Kept> next) {
        if (next.isEmpty()
                || next.get(next.size() - 1).position() - position - EventOutbox.positions(next) > MOST_HOLES) {
            return; // nothing passed, or a jump over pruned ids (a first catch-up): no unit of work is that far back
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        next.forEach(k -> seen.add(k.position()));
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> holes = new java.util.ArrayList<>();
        for (long id = position + 1; id < next.get(next.size() - 1).position(); id++) {
            if (!seen.contains(id)) {
                holes.add(new Object[] {subscriber, id, now});
            }
        }
        if (!holes.isEmpty()) {
            jdbc.batchUpdate("insert into gateway_event_hole (subscriber, id, seen) values (?,?,?) on conflict do nothing",
                    holes);
        }
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
        // An id a subscriber passed unseen (V57) may still commit and be handed: it and what follows stay.
        Long lowestHole = jdbc.queryForObject("select min(id) from gateway_event_hole", Long.class);
        long upTo = lowestHole == null ? position : Math.min(position, lowestHole - 1);
        return jdbc.update("delete from gateway_event where id in (select id from gateway_event where id <= ?"
                + " order by id limit ?)", upTo, limit);
    }
}

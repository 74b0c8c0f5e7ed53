package nl.zorgbrug.gateway.events;

import java.util.List;

/**
 * The transactional outbox: events kept in the same storage, and the same transaction, as the change they tell
 * of, so a crash between the change and the telling cannot separate them. Each durable subscriber keeps its own
 * position in it (the last event it handled), so after a restart it reads on from there: every event at least
 * once. In the node a database table (V9__gateway_event.sql); in tests a list.
 */
public interface EventOutbox {

    /** Keeps an event (in the transaction running now) and returns its position, higher than any before. */
    long append(GatewayEvent event);

    /** The events after {@code position}, oldest first, at most {@code limit}. */
    List<Kept> after(long position, int limit);

    /**
     * The events a batch subscriber is to be handed now: those after {@code position}, and, where the outbox can, events
     * below it that committed after the subscriber's position passed their ids (issue 22: an id is taken at insert,
     * the row is seen at commit), first; at most {@code limit}. Inside the transaction that holds the subscriber
     * ({@link #claim}); what it hands is forgotten with that transaction's commit. By default {@link #after(long, int)}.
     */
    default List<Kept> handOut(String subscriber, long position, int limit) {
        return after(position, limit);
    }

    /** The position of the last event a subscriber handled; 0 before its first. */
    long position(String subscriber);

    /**
     * Takes a subscriber's position for the transaction running now, so that no other node moves it before that
     * transaction ends, and returns it (0 before its first event); empty when another transaction holds it (another
     * node is handing the subscriber its events: this one leaves them to it). Never waits for the other holder. Only
     * inside a transaction ({@link nl.zorgbrug.gateway.job.Transactions#inOne}); the hold ends with it.
     *
     * <p>By default the position as it is, holding nothing: right for an outbox that only one process reads, where
     * the {@link EventHub} keeps its own subscriber to one catch-up at a time. The node's database outbox locks the
     * subscriber's row (issue 22: several nodes on one database).
     */
    default java.util.OptionalLong claim(String subscriber) {
        return java.util.OptionalLong.of(position(subscriber));
    }

    /** Records that a subscriber has handled every event up to {@code position}. */
    void advance(String subscriber, long position);

    /** Every subscriber's recorded position (also of subscribers not running in this process). */
    java.util.Map<String, Long> positions();

    /**
     * Removes the events up to {@code position}, oldest first, at most {@code limit} of them (so one call never
     * holds a long transaction); returns how many went. Only for events every subscriber has handled
     * ({@link EventHub#prune}).
     */
    int prune(long position, int limit);

    /** An event and its position in the outbox. */
    record Kept(long position, GatewayEvent event) {
    }
}

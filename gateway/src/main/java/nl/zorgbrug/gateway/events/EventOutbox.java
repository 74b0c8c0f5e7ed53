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

    /**
     * Keeps events of one change together (in the transaction running now), in this order, and returns the position
     * they share, higher than any before: the intake's object received and where it went, one write on the receiving
     * thread instead of two (issue 17). {@link #after} hands them with that one position each and never some of them
     * only; a subscriber that moves its position event by event moves it past them after the last
     * ({@link EventHub}). By default each is kept on its own (an outbox that does not keep them together).
     */
    default long append(List<GatewayEvent> together) {
        long position = 0;
        for (GatewayEvent event : together) {
            position = append(event);
        }
        return position;
    }

    /**
     * The events after {@code position}, oldest first, of at most {@code limit} positions: events kept together
     * ({@link #append(List)}) share one position, count once and come all or none.
     */
    List<Kept> after(long position, int limit);

    /** How many positions {@code kept} spans (events kept together count once); as {@link #after} counts its limit. */
    static int positions(List<Kept> kept) {
        int count = 0;
        long last = Long.MIN_VALUE;
        for (Kept k : kept) {
            if (k.position() != last) {
                count++;
                last = k.position();
            }
        }
        return count;
    }

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

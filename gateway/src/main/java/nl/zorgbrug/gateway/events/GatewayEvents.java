package nl.zorgbrug.gateway.events;

/**
 * The gateway's events port: the job manager, the quarantine desk and the intake publish; listeners subscribe
 * ({@link EventHub}). A module that wants to know what happened (audit, compliance, registry) subscribes here
 * instead of adding a hook to the class that does it.
 */
public interface GatewayEvents {

    /**
     * Tells the listeners of {@code event}. Called inside the unit of work that made the change
     * ({@link nl.zorgbrug.gateway.job.Transactions}): the event is kept with the change, or lost with it.
     */
    void publish(GatewayEvent event);

    /**
     * Tells of events of one change that belong together, in this order: the intake's object received and where it
     * went. Where events are kept ({@link EventOutbox}) they are kept as one, one write instead of several on the
     * receiving thread (issue 17); listeners hear them one by one. By default each is published on its own.
     */
    default void publishTogether(java.util.List<GatewayEvent> events) {
        events.forEach(this::publish);
    }

    /** Nobody listens (unit tests of a single class). */
    static GatewayEvents none() {
        return event -> { };
    }

    /**
     * Someone told of events. A listener must not block for long: it runs on the publisher's thread, and for an
     * event of the job manager's or the intake's unit of work still under the job manager's lock (the lock is
     * taken before the transaction, so the listener cannot run outside it without risking a deadlock on the
     * database's connection pool).
     */
    @FunctionalInterface
    interface Listener {
        void on(GatewayEvent event) throws Exception;
    }
}

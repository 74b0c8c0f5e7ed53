package nl.zorgbrug.audit.trail;

import java.util.List;

import nl.zorgbrug.audit.event.AuditEvent;

/**
 * What the rest of the node uses to log (the console's login, the consent service, the gateway listener): record
 * events, in order, durably before the call returns. {@link AuditTrail} is the one implementation.
 */
public interface AuditLog {

    /** Records one event; returns when it is stored. */
    default void record(AuditEvent event) {
        recordAll(List.of(event));
    }

    /** Records events in one batch (one transaction); an event whose id is already in the trail is left out. */
    void recordAll(List<AuditEvent> events);
}

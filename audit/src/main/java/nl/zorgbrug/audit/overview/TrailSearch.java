package nl.zorgbrug.audit.overview;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.ObjectKind;
import nl.zorgbrug.audit.event.ObjectRef;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditLog;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditStore;

/**
 * The privacy officer's search of the trail: by period, event type and user, newest first (NEN 7513: the log is
 * there to be checked, for a complaint, a suspicion of misuse, a patient's question). Reading the trail is itself an
 * event: the search is logged, with its criteria and how many records it showed, before the records are handed out.
 */
public final class TrailSearch {
    /** How many records a search shows at most; more means: narrow the search. */
    public static final int LIMIT = 500;
    /** How many records of the period and type are looked at for the user filter. */
    static final int SCAN = 20_000;

    /** What is searched for: a period {@code [from, to)}, and optionally an event type and a user id. */
    public record Criteria(Instant from, Instant to, EventType type, String user) {
        public Criteria {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("the search period ends (" + to + ") before it starts (" + from
                        + ")");
            }
            user = user == null || user.isBlank() ? null : user.strip();
        }

        String describe() {
            return from + " to " + to + (type == null ? "" : ", type " + type) + (user == null ? "" : ", user "
                    + user);
        }
    }

    /** The records found, newest first; {@code complete} false when there were more than shown. */
    public record Result(List<AuditEvent> events, boolean complete) {
    }

    private final AuditStore store;
    private final AuditLog log;
    private final Clock clock;

    public TrailSearch(AuditStore store, AuditLog log, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Searches for {@code reader}, who must be a privacy officer (checked here too, not only by the web layer). */
    public Result search(Criteria criteria, Actor reader, AccessPoint from) {
        if (reader.role() != Role.PRIVACY_OFFICER) {
            throw new SecurityException("only a privacy officer may search the audit trail; " + reader.userId()
                    + " acts as " + reader.role());
        }
        List<AuditRecord> scanned = store.search(criteria.from(), criteria.to(), criteria.type(), SCAN + 1);
        List<AuditEvent> matching = scanned.stream().limit(SCAN).map(AuditRecord::event)
                .filter(e -> criteria.user() == null || e.actor().userId().equalsIgnoreCase(criteria.user()))
                .toList();
        boolean complete = scanned.size() <= SCAN && matching.size() <= LIMIT;
        List<AuditEvent> shown = matching.size() <= LIMIT ? matching : matching.subList(0, LIMIT);
        log.record(AuditEvent.of(EventType.AUDIT_READ, reader, clock.instant())
                .accessPoint(from)
                .object(new ObjectRef(ObjectKind.AUDIT_TRAIL, "search"))
                .detail("audit trail searched (" + criteria.describe() + "): " + shown.size() + " records shown"
                        + (complete ? "" : ", more not shown"))
                .build());
        return new Result(List.copyOf(shown), complete);
    }
}

package nl.zorgbrug.audit.trail;

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
import nl.zorgbrug.audit.event.Outcome;

/**
 * Retention (issue 17: "configurable (default 5 years); older records are removed only by an explicit purge that is
 * itself audited and leaves a signed checkpoint so {@code audit verify} still passes"). A purge, in this order:
 * <ol>
 *   <li>verifies the whole trail first and refuses when it is not intact: removing records would remove the
 *       evidence of the tampering;</li>
 *   <li>takes the records that, with every record before them, are older than {@code before};</li>
 *   <li>records an {@link EventType#AUDIT_PURGE} event (who, from where, which records, older than when) and signs a
 *       checkpoint that covers it, so the purge is itself in the trail before anything is removed;</li>
 *   <li>keeps a signed {@link PurgeMark} (through, head hash of the last purged record): the verifier starts there,
 *       and record {@code through + 1} must link to that hash;</li>
 *   <li>only then removes the records ({@link AuditStore#removeThrough}).</li>
 * </ol>
 * A crash between the mark and the removal leaves records the verifier skips; the next purge removes them.
 */
public final class TrailPurge {
    private final AuditTrail trail;
    private final AuditStore store;
    private final NodeKey key;
    private final Clock clock;

    public TrailPurge(AuditTrail trail, AuditStore store, NodeKey key, Clock clock) {
        this.trail = Objects.requireNonNull(trail);
        this.store = Objects.requireNonNull(store);
        this.key = Objects.requireNonNull(key);
        this.clock = Objects.requireNonNull(clock);
    }

    /** What a purge did: the verification before it, the records removed and the signed mark (null: nothing). */
    public record Result(Verification checked, long through, long removed, SignedPurge mark) {
        public boolean refused() {
            return !checked.intact();
        }
    }

    /**
     * Purges the records older than {@code before}, on behalf of {@code who} (an administrator, or the node for
     * the command-line tool's operator), from {@code from} (may be null).
     */
    public synchronized Result purge(Instant before, Actor who, AccessPoint from) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(who, "who");
        Verification checked = new TrailVerifier(store, key.publicKey()).verify();
        if (!checked.intact()) {
            return new Result(checked, 0, 0, null);
        }
        long already = checked.purgedThrough();
        long through = Math.max(already, store.lastSeqAllBefore(before));
        Instant now = clock.instant();
        AuditEvent.Builder event = AuditEvent.of(EventType.AUDIT_PURGE, who, now).accessPoint(from)
                .outcome(Outcome.SUCCESS);
        if (through > already) {
            event.object(new ObjectRef(ObjectKind.AUDIT_TRAIL, (already + 1) + "-" + through))
                    .detail("retention: audit records " + (already + 1) + " to " + through + " older than " + before
                            + " purged");
        } else {
            event.detail("retention: no audit record older than " + before + " to purge");
        }
        trail.record(event.build());
        trail.checkpoint();
        if (through == already) {
            // Records an interrupted purge marked but did not remove yet go now.
            return new Result(checked, through, already > 0 ? store.removeThrough(already) : 0, null);
        }
        List<AuditRecord> last = store.read(through - 1, 1);
        if (last.isEmpty() || last.get(0).seq() != through) {
            throw new IllegalStateException("audit purge: record " + through + " vanished while purging; nothing was"
                    + " removed, run 'zorgbrug audit verify'");
        }
        SignedPurge mark = store.addPurge(key.sign(new PurgeMark(through, last.get(0).hash(), before, now)));
        long removed = store.removeThrough(through);
        return new Result(checked, through, removed, mark);
    }
}

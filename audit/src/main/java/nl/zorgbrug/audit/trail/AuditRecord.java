package nl.zorgbrug.audit.trail;

import java.util.Objects;

import nl.zorgbrug.audit.event.AuditCodec;
import nl.zorgbrug.audit.event.AuditEvent;

/**
 * One stored record of the trail: its place ({@code seq}, 1, 2, 3, … without gaps), the event's canonical text
 * ({@link AuditCodec}), the hash of the record before it and its own hash, which covers both:
 * {@code hash = SHA-256("zorgbrug-audit-v1", previous, body)}. Changing a record's text breaks its own hash;
 * recomputing that hash breaks the link from the record after it; removing or inserting a record breaks a link too.
 * The place is not hashed, so a record slipped in (and the rest renumbered) is told apart from one changed.
 */
public record AuditRecord(long seq, String body, Digest previous, Digest hash) {
    static final String VERSION = "zorgbrug-audit-v1";

    public AuditRecord {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(hash, "hash");
    }

    /** The record for {@code event} after the record whose hash is {@code previous}. */
    public static AuditRecord chain(long seq, AuditEvent event, Digest previous) {
        String body = AuditCodec.encode(event);
        return new AuditRecord(seq, body, previous, hashOf(previous, body));
    }

    /** The hash a record with this text and predecessor must carry. */
    public static Digest hashOf(Digest previous, String body) {
        return Digest.of(VERSION, previous.hex(), body);
    }

    /** Whether the stored hash still matches the stored text and link. */
    public boolean selfConsistent() {
        return hash.equals(hashOf(previous, body));
    }

    /** The event, read back from the text ({@link nl.zorgbrug.audit.event.AuditFormatException} if unreadable). */
    public AuditEvent event() {
        return AuditCodec.decode(body, "audit record " + seq);
    }
}

package nl.zorgbrug.audit.trail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What the node vouches for when it purges records past the retention (issue 17: "older records are removed only by
 * an explicit purge that is itself audited and leaves a signed checkpoint so {@code audit verify} still passes"):
 * records 1 to {@code through} were removed on purpose, the last of them had hash {@code head} (so record
 * {@code through + 1} must link to it), all were older than {@code before}, and the purge was made at {@code at}.
 * Signed with its own prefix, so a checkpoint's signature never passes for a purge or the other way round.
 */
public record PurgeMark(long through, Digest head, Instant before, Instant at) {
    public PurgeMark {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(at, "at");
        if (through < 1) {
            throw new IllegalArgumentException("a purge removes at least record 1, not up to " + through);
        }
        // Milliseconds, as the database keeps them: the signed bytes must be the same when read back.
        before = before.truncatedTo(ChronoUnit.MILLIS);
        at = at.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The bytes that are signed: fixed and versioned, distinct from a checkpoint's. */
    public byte[] signedBytes() {
        return ("zorgbrug-audit-purge-v1\n" + through + "\n" + head.hex() + "\n" + before + "\n" + at + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}

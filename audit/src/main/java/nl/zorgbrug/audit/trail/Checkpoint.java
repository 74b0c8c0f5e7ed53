package nl.zorgbrug.audit.trail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * What the node vouches for at a moment (issue 17: "a checkpoint (count, head hash, time) is signed with the
 * node's key"): the trail then held {@code count} records and the last one's hash was {@code head}. Whoever
 * rewrites the trail up to that record, even recomputing every hash, cannot make the signature fit.
 */
public record Checkpoint(long count, Digest head, Instant at) {
    public Checkpoint {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(at, "at");
        if (count < 0) {
            throw new IllegalArgumentException("a checkpoint's count is never negative: " + count);
        }
        // Milliseconds, as the database keeps them: the signed bytes must be the same when read back.
        at = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The bytes that are signed: fixed, versioned, so a signature is never valid for another meaning. */
    public byte[] signedBytes() {
        return ("zorgbrug-audit-checkpoint-v1\n" + count + "\n" + head.hex() + "\n" + at + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}

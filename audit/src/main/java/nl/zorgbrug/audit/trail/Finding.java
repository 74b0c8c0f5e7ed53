package nl.zorgbrug.audit.trail;

/**
 * What {@link TrailVerifier} found wrong first: the kind, the record (its {@code seq}; 0 when the finding is about a
 * checkpoint alone), the checkpoint it contradicts (null when the record came after the last checkpoint) and a
 * sentence for the administrator.
 */
public record Finding(Kind kind, long seq, SignedCheckpoint contradicts, String message) {

    public enum Kind {
        /** A record's text or link no longer matches its hash, or a later record refers to another version of it. */
        CHANGED,
        /** Records are missing: a gap in the numbering, a link to a record that is gone, or fewer than signed. */
        REMOVED,
        /** A record that no other record refers to was slipped in. */
        INSERTED,
        /** The trail up to a checkpoint's count does not end in the hash the checkpoint signed. */
        CHECKPOINT_CONTRADICTED,
        /** A checkpoint's signature does not verify with the node's public key (forged, or another key). */
        CHECKPOINT_FORGED
    }
}

package nl.zorgbrug.audit.trail;

import java.util.Base64;
import java.util.Objects;

/**
 * A {@link Checkpoint} with the node's signature: the key's id (the first 16 hex digits of the SHA-256 of its
 * public key) and the signature in Base64. {@code id} is the store's number for it (0 before it is stored).
 */
public record SignedCheckpoint(long id, Checkpoint checkpoint, String keyId, String algorithm, String signature) {
    public SignedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(signature, "signature");
    }

    public byte[] signatureBytes() {
        return Base64.getDecoder().decode(signature);
    }

    public SignedCheckpoint withId(long newId) {
        return new SignedCheckpoint(newId, checkpoint, keyId, algorithm, signature);
    }

    /** For messages: "checkpoint 3 (1200 records, head 1a2b3c4d5e6f, 2026-12-06T10:00:00Z)". */
    public String describe() {
        return "checkpoint " + id + " (" + checkpoint.count() + " records, head " + checkpoint.head().shortHex()
                + ", signed " + checkpoint.at() + ")";
    }
}

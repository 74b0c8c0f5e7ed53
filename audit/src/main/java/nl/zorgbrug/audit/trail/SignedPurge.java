package nl.zorgbrug.audit.trail;

import java.util.Base64;
import java.util.Objects;

/** A {@link PurgeMark} with the node's signature, as {@link SignedCheckpoint}; {@code id} is the store's number. */
public record SignedPurge(long id, PurgeMark mark, String keyId, String algorithm, String signature) {
    public SignedPurge {
        Objects.requireNonNull(mark, "mark");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(signature, "signature");
    }

    public byte[] signatureBytes() {
        return Base64.getDecoder().decode(signature);
    }

    public SignedPurge withId(long newId) {
        return new SignedPurge(newId, mark, keyId, algorithm, signature);
    }

    /** For messages: "purge 1 (records 1 to 1200, older than 2021-12-06T00:00:00Z, head 1a2b…, signed …)". */
    public String describe() {
        return "purge " + id + " (records 1 to " + mark.through() + ", older than " + mark.before() + ", head "
                + mark.head().shortHex() + ", signed " + mark.at() + ")";
    }
}

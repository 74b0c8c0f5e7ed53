package nl.zorgbrug.audit.trail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A SHA-256 hash (FIPS 180-4), as 64 lowercase hex digits: how the trail stores and compares its chain. */
public record Digest(String hex) {
    /** The "previous hash" of the first record: 64 zeros (no record comes before it). */
    public static final Digest GENESIS = new Digest("0".repeat(64));

    public Digest {
        Objects.requireNonNull(hex, "hex");
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hash: '" + hex + "' must be 64 lowercase hex digits");
        }
    }

    /** SHA-256 over the UTF-8 bytes of the parts, each followed by a line feed (so no two splits hash alike). */
    public static Digest of(String... parts) {
        MessageDigest sha = sha256();
        for (String part : parts) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return new Digest(HexFormat.of().formatHex(sha.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256, which every Java SE must have", e);
        }
    }

    /** The first 12 digits, enough for people to tell two hashes apart in a message. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return hex;
    }
}

package nl.zorgbrug.transport.link;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The link's two secrets. The token is 256 random bits (base64url in the link): guessing one is hopeless, so its
 * plain SHA-256 is enough to find the link by without keeping the token. The code is short (8 digits, typed by a
 * person) and so guessable offline from a plain hash: it is kept salted, and guessing online is stopped by the attempt
 * limit ({@link LinkDesk}). Both come from {@link SecureRandom}.
 */
public final class Secrets {
    /** Bytes of a token: 256 bits. */
    static final int TOKEN_BYTES = 32;
    /** Digits of a code. */
    static final int CODE_DIGITS = 8;

    private final SecureRandom random;

    public Secrets(SecureRandom random) {
        this.random = random;
    }

    /** A new token, base64url without padding (43 characters). */
    public String token() {
        byte[] b = new byte[TOKEN_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A new code of {@link #CODE_DIGITS} digits, leading zeros kept. */
    public String code() {
        return String.format("%0" + CODE_DIGITS + "d", random.nextInt(100_000_000));
    }

    /** A new salt for a code, hex. */
    public String salt() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The SHA-256 of a token, hex: what the store keeps and finds the link by. */
    public static String tokenHash(String token) {
        return HexFormat.of().formatHex(sha256().digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The SHA-256 of salt and code, hex. */
    public static String codeHash(String salt, String code) {
        MessageDigest sha = sha256();
        sha.update(HexFormat.of().parseHex(salt));
        return HexFormat.of().formatHex(sha.digest(code.strip().getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether the code typed is the link's, compared in constant time. */
    public static boolean codeMatches(DownloadLink link, String typed) {
        if (typed == null || link.codeSalt() == null || link.codeHash() == null) {
            return false;
        }
        return MessageDigest.isEqual(HexFormat.of().parseHex(link.codeHash()),
                HexFormat.of().parseHex(codeHash(link.codeSalt(), typed)));
    }

    /** Whether a string can be a token at all (43 base64url characters); anything else is not looked up. */
    public static boolean wellFormedToken(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{43}");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256 (java.security.MessageDigest)", e);
        }
    }
}

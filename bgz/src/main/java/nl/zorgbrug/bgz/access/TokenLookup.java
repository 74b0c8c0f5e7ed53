package nl.zorgbrug.bgz.access;

import java.util.Optional;

/**
 * Finds what a bearer token allows: the configured table ({@link TokenTable}) and the tokens issued with a Notified
 * Pull Task ({@code bgz.referral.IssuedTokens}) sit behind this one question, so the endpoints need not know where a
 * token came from.
 */
@FunctionalInterface
public interface TokenLookup {
    /** The token an {@code Authorization} header value carries ({@code Bearer <token>}), if it is known and valid. */
    Optional<AccessToken> fromAuthorization(String header);

    /** Asks this lookup, then {@code other}. */
    default TokenLookup or(TokenLookup other) {
        return header -> fromAuthorization(header).or(() -> other.fromAuthorization(header));
    }

    /** The token value of a {@code Bearer} header, or null when the header is none. */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}

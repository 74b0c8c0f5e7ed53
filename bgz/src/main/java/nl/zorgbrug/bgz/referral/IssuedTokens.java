package nl.zorgbrug.bgz.referral;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bgz.access.AccessToken;
import nl.zorgbrug.bgz.access.TokenLookup;

/**
 * The tokens this node issued, as the serving endpoints see them: a token that is known, not revoked and not expired
 * reads its patient, for its receiver, only its resource types; one of a Notified Pull Task with the referral as legal
 * basis, one of the consent flow with the patient's consent, asked again on every read. An expired token is unknown
 * (401), as any other.
 */
public final class IssuedTokens implements TokenLookup {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedTokenStore store;
    private final Clock clock;

    public IssuedTokens(IssuedTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<AccessToken> fromAuthorization(String header) {
        String bearer = TokenLookup.bearer(header);
        if (bearer == null) {
            return Optional.empty();
        }
        return store.byHash(hash(bearer)).filter(t -> t.validAt(clock.instant())).map(t -> new AccessToken(bearer,
                t.patient(), new Ura(t.receiverUra()), t.institutionType(), false, false, t.referral(),
                t.resourceTypes()));
    }

    /** A new token: 256 random bits, URL-safe. */
    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The token's SHA-256 in hex: what the store keeps and looks up by. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256, which every Java platform must have", e);
        }
    }
}

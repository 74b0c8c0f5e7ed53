package nl.zorgbrug.bgz.access;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The configured fixed tokens (issue 19: "for qualification and tests, a configured table of fixed tokens per
 * patient, as the Nictiz TestScripts send"), the EPD's feed token, the notify tokens and the organisation
 * credentials of the consent flow. Tokens issued with a Notified Pull Task or by the consent flow sit behind the same
 * lookup ({@code bgz.referral.IssuedTokens}). Compared in constant time, so the answer time gives no token away.
 */
public final class TokenTable implements TokenLookup {
    private final List<AccessToken> tokens;

    public TokenTable(List<AccessToken> tokens) {
        this.tokens = List.copyOf(tokens);
        long distinct = this.tokens.stream().map(AccessToken::token).distinct().count();
        if (distinct != this.tokens.size()) {
            throw new IllegalArgumentException("the BgZ token table holds one token twice: each token must be "
                    + "unique (zorgbrug.bgz.tokens)");
        }
    }

    /** The token an {@code Authorization} header value carries ({@code Bearer <token>}), if it is in the table. */
    @Override
    public Optional<AccessToken> fromAuthorization(String header) {
        String bearer = TokenLookup.bearer(header);
        if (bearer == null) {
            return Optional.empty();
        }
        byte[] given = bearer.getBytes(StandardCharsets.UTF_8);
        AccessToken found = null;
        for (AccessToken t : tokens) {
            if (MessageDigest.isEqual(given, t.token().getBytes(StandardCharsets.UTF_8))) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return tokens.size();
    }
}

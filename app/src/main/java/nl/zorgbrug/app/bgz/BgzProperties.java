package nl.zorgbrug.app.bgz;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.bgz.*} settings (issue 19, docs/bgz.md, docs/operations.md).
 *
 * @param tokens the fixed bearer tokens: for qualification (the Nictiz TestScripts send one per patient) and for the
 *               EPD that feeds the store; none configured: every request but {@code metadata} is refused (401)
 */
@ConfigurationProperties("zorgbrug.bgz")
public record BgzProperties(List<Token> tokens) {

    public BgzProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /**
     * One token.
     *
     * @param token           the bearer value
     * @param bsn             the patient it reads (none: a feed-only token)
     * @param ura             the requesting organisation it acts for (required with a BSN)
     * @param institutionType that organisation's institution type, as the consent scopes name it (default V4)
     * @param feed            whether it may feed the store (PUT, transaction, $purge); default false
     */
    public record Token(String token, String bsn, String ura, String institutionType, boolean feed) {
    }
}

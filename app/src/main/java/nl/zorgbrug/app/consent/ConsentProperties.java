package nl.zorgbrug.app.consent;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.consent.*} settings (issue 17, docs/privacy.md).
 *
 * @param source          where consent is looked up: REGISTER (the node's own, the default) or MITZ
 * @param institutionType the own organisation's institution type code, as Mitz knows it (default V4, hospital)
 * @param mitzUrl         Mitz's closed-question endpoint, required when source is MITZ
 * @param mitzTimeout     how long a question to Mitz may take before it counts as a failure, i.e. a deny
 *                        (default 5 s)
 */
@ConfigurationProperties("zorgbrug.consent")
public record ConsentProperties(Source source, String institutionType, URI mitzUrl, Duration mitzTimeout) {

    public enum Source { REGISTER, MITZ }

    public ConsentProperties {
        source = source == null ? Source.REGISTER : source;
        institutionType = institutionType == null || institutionType.isBlank() ? "V4" : institutionType;
        mitzTimeout = mitzTimeout == null ? Duration.ofSeconds(5) : mitzTimeout;
        if (source == Source.MITZ && mitzUrl == null) {
            throw new IllegalArgumentException("zorgbrug.consent.source is MITZ but zorgbrug.consent.mitz-url is not"
                    + " set: give Mitz's endpoint, or set the source to REGISTER");
        }
    }
}

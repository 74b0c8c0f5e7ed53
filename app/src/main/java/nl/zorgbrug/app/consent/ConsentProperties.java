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
 * @param mitzFhirUrl     Mitz's FHIR base for the Subscription to consent changes (optional; the node then
 *                        subscribes at start)
 * @param mitzCallbackUrl the node's notification endpoint as Mitz reaches it, {@code https://<node>/mitz/notifications}
 *                        (required with {@code mitzFhirUrl})
 * @param mitzCertificateSubject the subject (RFC 4514) of Mitz's TLS client certificate: the only caller let in at
 *                        {@code /mitz/notifications}; empty: nobody is
 */
@ConfigurationProperties("zorgbrug.consent")
public record ConsentProperties(Source source, String institutionType, URI mitzUrl, Duration mitzTimeout,
                                URI mitzFhirUrl, URI mitzCallbackUrl, String mitzCertificateSubject) {

    public enum Source { REGISTER, MITZ }

    public ConsentProperties {
        source = source == null ? Source.REGISTER : source;
        institutionType = institutionType == null || institutionType.isBlank() ? "V4" : institutionType;
        mitzTimeout = mitzTimeout == null ? Duration.ofSeconds(5) : mitzTimeout;
        if (source == Source.MITZ && mitzUrl == null) {
            throw new IllegalArgumentException("zorgbrug.consent.source is MITZ but zorgbrug.consent.mitz-url is not"
                    + " set: give Mitz's endpoint, or set the source to REGISTER");
        }
        mitzCertificateSubject = mitzCertificateSubject == null || mitzCertificateSubject.isBlank() ? null
                : mitzCertificateSubject.strip();
        if (mitzCertificateSubject != null) {
            try {
                new javax.security.auth.x500.X500Principal(mitzCertificateSubject);
            } catch (IllegalArgumentException e) {
                throw new nl.zorgbrug.app.node.ConfigurationError("zorgbrug.consent.mitz-certificate-subject",
                        mitzCertificateSubject, "a distinguished name as RFC 4514 writes it, e.g."
                        + " 'CN=mitz.example.nl,O=VZVZ,C=NL' (" + e.getMessage() + ")");
            }
        }
        if (mitzFhirUrl != null && mitzCallbackUrl == null) {
            throw new nl.zorgbrug.app.node.ConfigurationError("zorgbrug.consent.mitz-callback-url", null,
                    "required with zorgbrug.consent.mitz-fhir-url: the node's https://<host>/mitz/notifications as"
                    + " Mitz reaches it");
        }
    }

    /**
     * Whether a TLS client certificate's subject is Mitz's ({@link #mitzCertificateSubject}), compared as
     * distinguished names (RFC 4514), not as text.
     */
    public boolean isMitz(javax.security.auth.x500.X500Principal subject) {
        return mitzCertificateSubject != null && subject != null
                && new javax.security.auth.x500.X500Principal(mitzCertificateSubject).equals(subject);
    }
}

package nl.zorgbrug.app.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The identity provider as the node's one OAuth 2.0 client registration, its endpoints read from the provider's
 * discovery document (OpenID Connect Discovery 1.0) when first needed, not at start: a provider that is down while
 * the node starts must not keep the node (and its DICOM traffic, and the local logins) from starting. Until the
 * document has been read, a login through the provider fails and says why in the log; the next attempt reads it
 * again.
 */
final class ProviderRegistration implements ClientRegistrationRepository {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistration.class);

    private final OidcProperties settings;
    private volatile ClientRegistration registration;

    ProviderRegistration(OidcProperties settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!OidcProperties.REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (registration == null) {
                try {
                    registration = ClientRegistrations.fromIssuerLocation(settings.issuerUri())
                            .registrationId(OidcProperties.REGISTRATION_ID)
                            .clientId(settings.clientId())
                            .clientSecret(settings.clientSecret())
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                            .scope(settings.scopes())
                            .clientName(settings.displayName() == null ? "OpenID Connect" : settings.displayName())
                            .build();
                    LOG.info("oidc: identity provider {} read from its discovery document", settings.issuerUri());
                } catch (RuntimeException e) {
                    LOG.error("oidc: the identity provider's discovery document at {}/.well-known/openid-configuration"
                            + " could not be read ({}); logins through it fail until it can, local users can log in."
                            + " Check zorgbrug.oidc.issuer-uri and that the node reaches the provider",
                            settings.issuerUri(), e.getMessage());
                    return null;
                }
            }
            return registration;
        }
    }
}

package nl.zorgbrug.app.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.AbstractServletWebServerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Login through the hospital's identity provider (issue 17), when {@code zorgbrug.oidc.issuer-uri} is set: the client
 * registration, the user service that maps the role claim, and what the login needs of the session cookie.
 * {@link SecurityConfiguration} adds the login itself to the console's filter chain.
 */
@Configuration
public class OidcConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(OidcConfiguration.class);

    /** Who logged in through the provider; also there when it is off, so the trail can always ask. */
    @Bean
    TokenUsers tokenUsers() {
        return new TokenUsers();
    }

    @Bean
    @ConditionalOnExpression("!'${zorgbrug.oidc.issuer-uri:}'.isBlank()")
    ClientRegistrationRepository hospitalRegistration(OidcProperties settings) {
        settings.check();
        return new ProviderRegistration(settings);
    }

    @Bean
    @ConditionalOnExpression("!'${zorgbrug.oidc.issuer-uri:}'.isBlank()")
    HospitalUserService hospitalUserService(OidcProperties settings, TokenUsers seen) {
        return new HospitalUserService(settings, seen);
    }

    /**
     * The provider sends the browser back to the node from its own site. A SameSite=Strict session cookie is not
     * sent on that navigation (RFC 6265bis 5.4.7: a cross-site top-level navigation carries Lax cookies, not Strict
     * ones), so the node would not find the login it started and every login through e.g. Entra ID would fail. With
     * the provider on, the cookie is Lax: still withheld from cross-site POSTs, and every POST carries the CSRF token
     * besides.
     */
    @Bean
    @ConditionalOnExpression("!'${zorgbrug.oidc.issuer-uri:}'.isBlank()")
    WebServerFactoryCustomizer<AbstractServletWebServerFactory> laxSessionCookieForOidc() {
        return factory -> {
            LOG.info("oidc: the session cookie is SameSite=Lax, so the identity provider's redirect back carries it");
            factory.getSession().getCookie().setSameSite(Cookie.SameSite.LAX);
        };
    }

    /** A refused login through the provider: into the trail (by event), then back to the login page saying so. */
    static AuthenticationFailureHandler refused(ApplicationEventPublisher events) {
        return (request, response, e) -> {
            TokenClaims.TokenPerson person = e instanceof RefusedTokenUser r ? r.person() : null;
            // The refusal's own sentence when the token named the person; else the OAuth 2.0 error (never a token).
            String reason = person == null && e instanceof OAuth2AuthenticationException o
                    ? o.getError().getErrorCode() + (o.getError().getDescription() == null ? ""
                            : ": " + o.getError().getDescription())
                    : e.getMessage();
            LOG.warn("refused login through the identity provider from {}: {}", request.getRemoteAddr(), reason);
            events.publishEvent(new OidcLoginRefused(person, reason, request.getRemoteAddr()));
            response.sendRedirect(request.getContextPath() + "/login?refused");
        };
    }
}

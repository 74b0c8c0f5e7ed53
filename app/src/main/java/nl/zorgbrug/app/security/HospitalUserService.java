package nl.zorgbrug.app.security;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns the identity provider's user (ID token, and the userinfo endpoint's claims when the provider has one) into a
 * {@link HospitalUser} with the node's roles from the role claim. Nothing the provider grants beyond the mapped roles
 * counts (no SCOPE_ or OIDC_USER authority reaches {@code AccessPolicy}); a person with no mapped role is refused
 * ({@link RefusedTokenUser}).
 */
final class HospitalUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {
    private final OidcUserService provider = new OidcUserService();
    private final TokenClaims claims;
    private final OidcProperties settings;
    private final TokenUsers seen;

    HospitalUserService(OidcProperties settings, TokenUsers seen) {
        this.settings = settings;
        this.claims = new TokenClaims(settings);
        this.seen = seen;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = provider.loadUser(request);
        TokenClaims.TokenPerson person = claims.person(user.getClaims());
        if (person.roles().isEmpty()) {
            throw new RefusedTokenUser(person, settings.roleClaim());
        }
        List<SimpleGrantedAuthority> authorities = person.roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
        seen.seen(person);
        return new HospitalUser(authorities, user.getIdToken(), user.getUserInfo(), person);
    }
}

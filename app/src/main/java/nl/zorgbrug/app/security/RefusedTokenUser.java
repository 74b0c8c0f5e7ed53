package nl.zorgbrug.app.security;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * The identity provider vouched for the person, but the token gives no role of the node (none of the role claim's
 * values is mapped in {@code zorgbrug.oidc.roles}): the login is refused, and the trail records who it was.
 */
public final class RefusedTokenUser extends OAuth2AuthenticationException {
    private static final long serialVersionUID = 1L;

    private final transient TokenClaims.TokenPerson person;

    RefusedTokenUser(TokenClaims.TokenPerson person, String roleClaim) {
        super(new OAuth2Error("access_denied"), "user '" + person.userId() + "' has no role of the node: claim '"
                + roleClaim + "' holds " + person.claimRoles() + ", none of which zorgbrug.oidc.roles maps;"
                + " give the person a mapped role at the identity provider, or map the value");
        this.person = person;
    }

    public TokenClaims.TokenPerson person() {
        return person;
    }
}

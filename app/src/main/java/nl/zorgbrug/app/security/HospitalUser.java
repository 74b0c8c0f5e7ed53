package nl.zorgbrug.app.security;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A person logged in through the hospital's identity provider: the provider's user with the node's roles as
 * authorities (ROLE_ADMIN, ...) and the user id, name and URA the trail records ({@link TokenClaims}).
 * {@link #getName()} is the configured user id claim, so the job history and the trail name the person as the
 * hospital knows them, not by the provider's opaque {@code sub}.
 */
public final class HospitalUser extends DefaultOidcUser {
    private static final long serialVersionUID = 1L;

    private final TokenClaims.TokenPerson person;

    HospitalUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
                 TokenClaims.TokenPerson person) {
        super(authorities, idToken, userInfo, "sub");
        this.person = person;
    }

    public TokenClaims.TokenPerson person() {
        return person;
    }

    @Override
    public String getName() {
        return person.userId();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HospitalUser other && super.equals(other) && person.equals(other.person);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + person.hashCode();
    }
}

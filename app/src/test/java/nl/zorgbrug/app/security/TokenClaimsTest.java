package nl.zorgbrug.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.app.access.AccessPolicy.UserRole;
import nl.zorgbrug.app.node.ConfigurationError;

/** The identity in a token as each provider shapes it, and the settings nobody could log in with. */
class TokenClaimsTest {

    private static OidcProperties settings(String roleClaim, Map<String, List<UserRole>> roles, String uraClaim) {
        return new OidcProperties("https://idp.example.org/realms/zorg", "zorgbrug", "secret", null, null, null, null,
                roleClaim, roles, uraClaim);
    }

    @Test
    void entraIdAppRolesAreATopLevelListMappedToTheNodesRoles() {
        TokenClaims claims = new TokenClaims(settings("roles", Map.of("Zorgbrug.Admin", List.of(UserRole.ADMIN,
                UserRole.AUDITOR), "Zorgbrug.Operator", List.of(UserRole.OPERATOR)), null));
        TokenClaims.TokenPerson p = claims.person(Map.of("sub", "x1", "preferred_username", "j.jansen@ziekenhuis.nl",
                "name", "Jan Jansen", "roles", List.of("Zorgbrug.Admin", "Other.App")));
        assertThat(p.userId()).isEqualTo("j.jansen@ziekenhuis.nl");
        assertThat(p.name()).isEqualTo("Jan Jansen");
        assertThat(p.roles()).containsExactlyInAnyOrder(UserRole.ADMIN, UserRole.AUDITOR);
        assertThat(p.claimRoles()).containsExactly("Zorgbrug.Admin", "Other.App");
        assertThat(p.ura()).isNull();
    }

    @Test
    void keycloakRealmRolesAreNestedAndTheUraComesFromItsOwnClaim() {
        TokenClaims claims = new TokenClaims(settings("realm_access.roles",
                Map.of("privacy", List.of(UserRole.PRIVACY_OFFICER)), "ura"));
        TokenClaims.TokenPerson p = claims.person(Map.of("sub", "f81d4fae", "realm_access",
                Map.of("roles", List.of("offline_access", "privacy")), "ura", "00004567"));
        assertThat(p.roles()).containsExactly(UserRole.PRIVACY_OFFICER);
        assertThat(p.userId()).as("no preferred_username: the subject").isEqualTo("f81d4fae");
        assertThat(p.name()).as("no name: the user id").isEqualTo("f81d4fae");
        assertThat(p.ura()).isEqualTo("00004567");
    }

    @Test
    void aSingleStringClaimIsSplitOnSpacesAndUnmappedValuesGiveNoRole() {
        TokenClaims claims = new TokenClaims(settings("groups", Map.of("zb-clinician", List.of(UserRole.CLINICIAN)),
                null));
        assertThat(claims.person(Map.of("sub", "a", "groups", "staff zb-clinician")).roles())
                .containsExactly(UserRole.CLINICIAN);
        assertThat(claims.person(Map.of("sub", "a", "groups", "staff")).roles()).isEmpty();
        assertThat(claims.person(Map.of("sub", "a")).roles()).isEmpty();
    }

    @Test
    void settingsWithWhichNobodyCouldLogInStopTheNodeNamingTheKey() {
        assertThatThrownBy(() -> settings("roles", Map.of(), null).check()).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.oidc.roles");
        assertThatThrownBy(() -> new OidcProperties("https://idp", " ", null, null, null, null, null, null,
                Map.of("a", List.of(UserRole.ADMIN)), null).check()).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.oidc.client-id");
        assertThatThrownBy(() -> new OidcProperties("https://idp", "c", null, List.of("profile"), null, null, null,
                null, Map.of("a", List.of(UserRole.ADMIN)), null).check()).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.oidc.scopes");
        assertThatThrownBy(() -> new OidcProperties("idp.example.org", "c", null, null, null, null, null,
                null, Map.of("a", List.of(UserRole.ADMIN)), null).check()).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("zorgbrug.oidc.issuer-uri");
        // Off when no issuer is given: nothing to check.
        new OidcProperties(null, null, null, null, null, null, null, null, null, null).check();
    }
}

package nl.zorgbrug.app.security;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import nl.zorgbrug.app.access.AccessPolicy.UserRole;

/**
 * The {@code zorgbrug.oidc.*} settings: login through the hospital's identity provider (Keycloak, Entra ID, ...) with
 * OpenID Connect's authorization code flow, beside the local users (issue 17). Off while {@code issuer-uri} is empty.
 *
 * @param issuerUri   the provider's issuer; its {@code /.well-known/openid-configuration} names the endpoints
 * @param clientId    the node's client id at the provider
 * @param clientSecret the node's client secret (client_secret_basic)
 * @param scopes      the scopes asked for (default openid, profile)
 * @param displayName the provider's name on the login page's button (default "the hospital's login")
 * @param userIdClaim the claim that is the user id in the audit trail (default preferred_username; sub when absent)
 * @param nameClaim   the claim with the person's name (default name)
 * @param roleClaim   the claim that carries the roles, a dotted path into nested claims such as Keycloak's
 *                    {@code realm_access.roles} (default roles, as Entra ID's app roles)
 * @param roles       each value of the role claim that gives access, with the node's roles it gives; a value not
 *                    named gives nothing, and a person with no role is refused
 * @param uraClaim    the claim with the URA of the organisation the person acts for (optional; the node's own
 *                    {@code zorgbrug.audit.organisation-ura} otherwise)
 */
@ConfigurationProperties("zorgbrug.oidc")
public record OidcProperties(String issuerUri, String clientId, String clientSecret, List<String> scopes,
                             String displayName, String userIdClaim, String nameClaim, String roleClaim,
                             Map<String, List<UserRole>> roles, String uraClaim) {

    /** The registration id in the node's paths: /oauth2/authorization/hospital, /login/oauth2/code/hospital. */
    public static final String REGISTRATION_ID = "hospital";

    public OidcProperties {
        scopes = scopes == null || scopes.isEmpty() ? List.of("openid", "profile") : List.copyOf(scopes);
        displayName = blank(displayName) ? null : displayName;
        userIdClaim = blank(userIdClaim) ? "preferred_username" : userIdClaim;
        nameClaim = blank(nameClaim) ? "name" : nameClaim;
        roleClaim = blank(roleClaim) ? "roles" : roleClaim;
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        uraClaim = blank(uraClaim) ? null : uraClaim;
    }

    /** Whether login through the identity provider is on. */
    public boolean enabled() {
        return !blank(issuerUri);
    }

    /**
     * Refuses, at start, settings with which nobody could log in: no client id, no openid scope, no role mapped, or
     * an issuer that is not an http(s) URL. The key is named.
     */
    public void check() {
        if (!enabled()) {
            return;
        }
        if (!issuerUri.startsWith("https://") && !issuerUri.startsWith("http://")) {
            throw new nl.zorgbrug.app.node.ConfigurationError("zorgbrug.oidc.issuer-uri", issuerUri,
                    "the identity provider's issuer as an https URL (http only on loopback, for tests)");
        }
        if (blank(clientId)) {
            throw new nl.zorgbrug.app.node.ConfigurationError("zorgbrug.oidc.client-id", null,
                    "the node's client id at the identity provider, required with zorgbrug.oidc.issuer-uri");
        }
        if (!scopes.contains("openid")) {
            throw new nl.zorgbrug.app.node.ConfigurationError("zorgbrug.oidc.scopes", String.join(",", scopes),
                    "a list that holds openid (OpenID Connect needs it)");
        }
        if (roles.isEmpty() || roles.values().stream().allMatch(List::isEmpty)) {
            throw new nl.zorgbrug.app.node.ConfigurationError("zorgbrug.oidc.roles", null,
                    "at least one value of the role claim '" + roleClaim + "' mapped to the node's roles, e.g."
                            + " zorgbrug.oidc.roles.zorgbrug-admin: ADMIN");
        }
        roles.forEach((claim, mapped) -> {
            if (mapped.contains(UserRole.MITZ)) {
                throw new nl.zorgbrug.app.node.ConfigurationError("zorgbrug.oidc.roles." + claim, "MITZ",
                        "a role of people; MITZ is given only to Mitz's TLS client certificate");
            }
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

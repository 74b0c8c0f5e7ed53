package nl.zorgbrug.app.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import nl.zorgbrug.app.access.AccessPolicy.UserRole;

/**
 * Reads a person's identity from the identity provider's claims as {@link OidcProperties} say where it is: the user
 * id, the name, the roles (the role claim's values through the mapping) and the URA of the organisation acted for.
 * Pure, so that each provider's shape (Entra ID's top-level {@code roles}, Keycloak's {@code realm_access.roles})
 * is tested without a provider.
 */
public final class TokenClaims {
    private final OidcProperties settings;

    public TokenClaims(OidcProperties settings) {
        this.settings = settings;
    }

    /** The person as the claims name them; {@code sub} is the user id when the configured claim is absent. */
    public TokenPerson person(Map<String, Object> claims) {
        String userId = text(claims, settings.userIdClaim()).or(() -> text(claims, "sub"))
                .orElseThrow(() -> new IllegalArgumentException("the token has neither claim '"
                        + settings.userIdClaim() + "' nor 'sub'"));
        String name = text(claims, settings.nameClaim()).orElse(userId);
        String ura = settings.uraClaim() == null ? null : text(claims, settings.uraClaim()).orElse(null);
        List<String> values = values(claims, settings.roleClaim());
        Set<UserRole> roles = EnumSet.noneOf(UserRole.class);
        for (String value : values) {
            roles.addAll(settings.roles().getOrDefault(value, List.of()));
        }
        return new TokenPerson(userId, name, ura, roles, values);
    }

    /**
     * A person as the token names them.
     *
     * @param ura        the URA claim as given (checked where it is used), or null
     * @param claimRoles the role claim's values as given, for the trail when none maps
     */
    public record TokenPerson(String userId, String name, String ura, Set<UserRole> roles, List<String> claimRoles)
            implements java.io.Serializable {
        public TokenPerson {
            roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
            claimRoles = List.copyOf(claimRoles);
        }
    }

    /** A claim by a dotted path (realm_access.roles): the value, if it is there. */
    static Optional<Object> at(Map<String, Object> claims, String path) {
        if (claims.containsKey(path)) {
            // A claim whose own name has a dot (Entra ID's app roles are not nested, but a custom claim might be).
            return Optional.ofNullable(claims.get(path));
        }
        Object here = claims;
        for (String part : path.split("\\.")) {
            if (!(here instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            here = map.get(part);
        }
        return Optional.ofNullable(here);
    }

    private static Optional<String> text(Map<String, Object> claims, String path) {
        return at(claims, path).map(Object::toString).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The values of a claim that may be one string, a list of them, or (as some providers send scopes) a space-separated string. */
    static List<String> values(Map<String, Object> claims, String path) {
        List<String> values = new ArrayList<>();
        at(claims, path).ifPresent(v -> {
            if (v instanceof Collection<?> many) {
                many.stream().filter(java.util.Objects::nonNull).map(Object::toString).map(String::strip)
                        .filter(s -> !s.isEmpty()).forEach(values::add);
            } else {
                for (String one : v.toString().strip().split("\\s+")) {
                    if (!one.isEmpty()) {
                        values.add(one);
                    }
                }
            }
        });
        return values;
    }
}

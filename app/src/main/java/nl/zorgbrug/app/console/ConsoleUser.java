package nl.zorgbrug.app.console;

import org.springframework.security.core.Authentication;

/**
 * What the logged-in person may do, for the templates to show only the buttons that person can use (the
 * security filter refuses the rest anyway). Roles as in SecurityConfiguration: ADMIN configures,
 * OPERATOR acts on jobs and the quarantine; who sees BSNs whole is AccessPolicy.SEE_WHOLE_BSN.
 */
public record ConsoleUser(String name, boolean operate, boolean administer, boolean seeBsn,
                          java.util.Set<nl.zorgbrug.app.access.AccessPolicy.UserRole> roles) {

    public static ConsoleUser of(Authentication auth) {
        if (auth == null || !auth.isAuthenticated()) {
            return new ConsoleUser(null, false, false, false, java.util.Set.of());
        }
        return new ConsoleUser(auth.getName(), has(auth, "ADMIN") || has(auth, "OPERATOR"), has(auth, "ADMIN"),
                nl.zorgbrug.app.access.AccessPolicy.seesWholeBsn(auth), nl.zorgbrug.app.access.AccessPolicy.rolesOf(auth));
    }

    /** Whether the person may open this page (for the menu: only the pages the person can use). */
    public boolean may(String path) {
        return name != null && nl.zorgbrug.app.access.AccessPolicy.allows("GET", path, roles, true);
    }

    /** Whether the person may post to this path (an action's button is shown only then). */
    public boolean mayPost(String path) {
        return name != null && nl.zorgbrug.app.access.AccessPolicy.allows("POST", path, roles, true);
    }

    private static boolean has(Authentication auth, String role) {
        return auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + role));
    }
}

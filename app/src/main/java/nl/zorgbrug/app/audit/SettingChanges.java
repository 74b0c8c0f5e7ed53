package nl.zorgbrug.app.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import nl.zorgbrug.audit.event.Action;
import nl.zorgbrug.audit.event.EventType;

/**
 * What changed between the settings the node last started with and the ones it starts with now, as the trail's
 * events (issue 17; NEN 7513: user, role and configuration changes). Settings are flat names and values:
 * {@code user:<name>:roles} and {@code user:<name>:password} for the local users (by name, so reordering the list
 * changes nothing), everything else by its key. A user that appears or disappears is one USER_CHANGE, not one per
 * setting; a user's roles and the identity provider's role mapping are ROLE_CHANGEs; the rest CONFIGURATION_CHANGEs.
 * Pure: the snapshot and the store are elsewhere.
 */
public final class SettingChanges {
    private SettingChanges() {
    }

    /** One change, as it goes into the trail. */
    public record Change(EventType type, Action action, String detail) {
    }

    /** The prefix of a secret's value: a keyed fingerprint follows, never the secret. */
    public static final String SECRET = "secret:";

    /** The prefix of a local user's settings. */
    public static final String USER = "user:";

    public static List<Change> between(Map<String, String> before, Map<String, String> now) {
        List<Change> changes = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(now.keySet());
        TreeSet<String> usersBefore = users(before);
        TreeSet<String> usersNow = users(now);
        for (String user : union(usersBefore, usersNow)) {
            if (!usersBefore.contains(user)) {
                changes.add(new Change(EventType.USER_CHANGE, Action.CREATE, "user '" + user + "' added, roles "
                        + now.get(USER + user + ":roles")));
            } else if (!usersNow.contains(user)) {
                changes.add(new Change(EventType.USER_CHANGE, Action.DELETE, "user '" + user + "' removed (had roles "
                        + before.get(USER + user + ":roles") + ")"));
            }
        }
        for (String name : names) {
            String was = before.get(name);
            String is = now.get(name);
            if (Objects.equals(was, is)) {
                continue;
            }
            if (name.startsWith(USER)) {
                String user = name.substring(USER.length(), name.lastIndexOf(':'));
                if (!usersBefore.contains(user) || !usersNow.contains(user)) {
                    continue; // the user's arrival or departure says it
                }
                if (name.endsWith(":roles")) {
                    changes.add(new Change(EventType.ROLE_CHANGE, Action.UPDATE, "user '" + user + "' roles " + was
                            + " → " + is));
                } else {
                    changes.add(new Change(EventType.USER_CHANGE, Action.UPDATE, "user '" + user + "' "
                            + name.substring(name.lastIndexOf(':') + 1) + " changed"));
                }
                continue;
            }
            EventType type = name.startsWith("zorgbrug.oidc.roles") ? EventType.ROLE_CHANGE
                    : EventType.CONFIGURATION_CHANGE;
            Action action = was == null ? Action.CREATE : is == null ? Action.DELETE : Action.UPDATE;
            boolean secret = was != null && was.startsWith(SECRET) || is != null && is.startsWith(SECRET);
            String detail = secret ? name + (was == null ? " set" : is == null ? " removed" : " changed")
                    + " (a secret: its value is not recorded)"
                    : was == null ? name + " set: " + is
                    : is == null ? name + " removed (was " + was + ")"
                    : name + ": " + was + " → " + is;
            changes.add(new Change(type, action, detail));
        }
        return changes;
    }

    private static TreeSet<String> users(Map<String, String> settings) {
        TreeSet<String> users = new TreeSet<>();
        for (String name : settings.keySet()) {
            if (name.startsWith(USER)) {
                users.add(name.substring(USER.length(), name.lastIndexOf(':')));
            }
        }
        return users;
    }

    private static TreeSet<String> union(TreeSet<String> a, TreeSet<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}

package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.audit.event.Action;
import nl.zorgbrug.audit.event.EventType;

/** What a start finds changed since the last one, as the trail's user, role and configuration changes. */
class SettingChangesTest {

    static final Map<String, String> BEFORE = Map.of(
            "user:olga:roles", "[OPERATOR]", "user:olga:password", "secret:aa",
            "user:piet:roles", "[ADMIN]", "user:piet:password", "secret:bb",
            "zorgbrug.gateway.port", "11112", "zorgbrug.oidc.roles.zb-admin[0]", "ADMIN",
            "zorgbrug.oidc.client-secret", "secret:cc", "zorgbrug.gateway.routes[0].urgent", "false");

    @Test
    void nothingChangedIsNoEvent() {
        assertThat(SettingChanges.between(BEFORE, BEFORE)).isEmpty();
    }

    @Test
    void usersRolesPasswordsAndSettingsEachBecomeTheirEvent() {
        Map<String, String> now = new java.util.HashMap<>(BEFORE);
        now.remove("user:piet:roles");
        now.remove("user:piet:password");
        now.put("user:anna:roles", "[AUDITOR]");
        now.put("user:anna:password", "secret:dd");
        now.put("user:olga:roles", "[ADMIN, OPERATOR]");
        now.put("user:olga:password", "secret:ee");
        now.put("zorgbrug.gateway.port", "11113");
        now.put("zorgbrug.oidc.roles.zb-admin[0]", "AUDITOR");
        now.put("zorgbrug.oidc.client-secret", "secret:ff");
        now.remove("zorgbrug.gateway.routes[0].urgent");
        now.put("zorgbrug.gateway.routes[0].allowed-caller", "PACS");

        List<SettingChanges.Change> changes = SettingChanges.between(BEFORE, now);
        assertThat(changes).containsExactlyInAnyOrder(
                new SettingChanges.Change(EventType.USER_CHANGE, Action.CREATE, "user 'anna' added, roles [AUDITOR]"),
                new SettingChanges.Change(EventType.USER_CHANGE, Action.DELETE, "user 'piet' removed (had roles [ADMIN])"),
                new SettingChanges.Change(EventType.ROLE_CHANGE, Action.UPDATE, "user 'olga' roles [OPERATOR] → [ADMIN, OPERATOR]"),
                new SettingChanges.Change(EventType.USER_CHANGE, Action.UPDATE, "user 'olga' password changed"),
                new SettingChanges.Change(EventType.CONFIGURATION_CHANGE, Action.UPDATE, "zorgbrug.gateway.port: 11112 → 11113"),
                new SettingChanges.Change(EventType.ROLE_CHANGE, Action.UPDATE, "zorgbrug.oidc.roles.zb-admin[0]: ADMIN → AUDITOR"),
                new SettingChanges.Change(EventType.CONFIGURATION_CHANGE, Action.UPDATE,
                        "zorgbrug.oidc.client-secret changed (a secret: its value is not recorded)"),
                new SettingChanges.Change(EventType.CONFIGURATION_CHANGE, Action.DELETE,
                        "zorgbrug.gateway.routes[0].urgent removed (was false)"),
                new SettingChanges.Change(EventType.CONFIGURATION_CHANGE, Action.CREATE,
                        "zorgbrug.gateway.routes[0].allowed-caller set: PACS"));
        assertThat(changes).noneMatch(c -> c.detail().contains("secret:cc") || c.detail().contains("secret:ff"));
    }

    @Test
    void secretsAreKnownByTheirNames() {
        assertThat(SettingsAudit.secret("zorgbrug.oidc.client-secret")).isTrue();
        assertThat(SettingsAudit.secret("zorgbrug.audit.export.tls.key-store-password")).isTrue();
        assertThat(SettingsAudit.secret("ZORGBRUG_DB_PASSWORD")).isTrue();
        assertThat(SettingsAudit.secret("zorgbrug.gateway.routes[0].private-key")).isTrue();
        assertThat(SettingsAudit.secret("zorgbrug.gateway.port")).isFalse();
    }
}

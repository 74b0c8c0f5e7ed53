package nl.zorgbrug.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.app.node.NodeProperties;
import nl.zorgbrug.audit.event.Actor;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.event.Role;
import nl.zorgbrug.audit.trail.AuditRecord;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.audit.trail.NodeKey;

/**
 * Users, roles and settings are configuration, so a start is when they change: each start compares the settings
 * with the last one's (V32) and records the differences in the trail, secrets only as "changed".
 */
class SettingsAuditTest {

    @Test
    void aStartRecordsWhatChangedSinceTheLastOneAndNoSecret(@TempDir Path data) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:settings-audit;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        Flyway.configure().dataSource(ds).load().migrate();
        JdbcAuditStore store = new JdbcAuditStore(ds);
        AuditTrail trail = new AuditTrail(store, NodeKey.loadOrCreate(data.resolve("audit")), Clock.systemUTC());
        AuditConfiguration.AuditActors actors = new AuditConfiguration.AuditActors(Actor.system("zb-test", null), null,
                new InMemoryUserDetailsManager(), new nl.zorgbrug.app.security.TokenUsers());

        start(ds, trail, actors, data, "11112", "first-secret", List.of(user("olga", "OPERATOR")));
        List<AuditEvent> first = events(store);
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.CONFIGURATION_CHANGE);
            assertThat(e.actor().role()).isEqualTo(Role.SYSTEM);
            assertThat(e.detail()).startsWith("settings first seen at start:").endsWith("1 local users");
        });

        start(ds, trail, actors, data, "11112", "first-secret", List.of(user("olga", "OPERATOR")));
        assertThat(events(store)).as("the same settings again: nothing to record").hasSize(1);

        start(ds, trail, actors, data, "11113", "second-secret",
                List.of(user("olga", "OPERATOR", "ADMIN"), user("anna", "AUDITOR")));
        List<AuditEvent> changes = events(store).subList(1, events(store).size());
        assertThat(changes).extracting(AuditEvent::type, AuditEvent::detail).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(EventType.USER_CHANGE, "found at start: user 'anna' added, roles [AUDITOR]"),
                org.assertj.core.groups.Tuple.tuple(EventType.ROLE_CHANGE,
                        "found at start: user 'olga' roles [OPERATOR] → [ADMIN, OPERATOR]"),
                org.assertj.core.groups.Tuple.tuple(EventType.CONFIGURATION_CHANGE,
                        "found at start: zorgbrug.gateway.port: 11112 → 11113"),
                org.assertj.core.groups.Tuple.tuple(EventType.CONFIGURATION_CHANGE,
                        "found at start: zorgbrug.oidc.client-secret changed (a secret: its value is not recorded)"));
        List<String> kept = new JdbcTemplate(ds).queryForList("select val from setting_seen", String.class);
        assertThat(kept).contains("11113").noneMatch(v -> v.contains("second-secret") || v.contains("{noop}"));
        assertThat(events(store)).noneMatch(e -> String.valueOf(e.detail()).contains("second-secret"));
    }

    private static NodeProperties.User user(String name, String... roles) {
        return new NodeProperties.User(name, "{noop}" + name + "-pw", List.of(roles));
    }

    private static void start(JdbcDataSource ds, AuditTrail trail, AuditConfiguration.AuditActors actors, Path data,
                              String port, String secret, List<NodeProperties.User> users) {
        MockEnvironment environment = new MockEnvironment().withProperty("zorgbrug.gateway.port", port)
                .withProperty("zorgbrug.oidc.client-secret", secret);
        NodeProperties node = new NodeProperties(data, data.resolve("spool"), null, null, null, users, null);
        new SettingsAudit(environment, node, ds, new TransactionTemplate(new DataSourceTransactionManager(ds)), trail,
                actors, Clock.systemUTC()).run(null);
    }

    private static List<AuditEvent> events(JdbcAuditStore store) {
        return store.read(0, 1000).stream().map(AuditRecord::event).toList();
    }
}

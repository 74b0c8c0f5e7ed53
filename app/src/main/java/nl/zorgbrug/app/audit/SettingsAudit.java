package nl.zorgbrug.app.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.app.node.NodeProperties;
import nl.zorgbrug.audit.event.AccessPoint;
import nl.zorgbrug.audit.event.AuditEvent;
import nl.zorgbrug.audit.event.EventType;
import nl.zorgbrug.audit.trail.AuditLog;

/**
 * At every start: the node's settings compared with those it last started with ({@code setting_seen}, V32), each
 * difference a USER_CHANGE, ROLE_CHANGE or CONFIGURATION_CHANGE in the trail ({@link SettingChanges}), with the node
 * as actor (who edited the file the node cannot know; the operating system's log of the file can). Users and roles
 * are configuration (zorgbrug.users, the identity provider's mapping), so a start is when they change. The first
 * start records one event: the settings first seen.
 *
 * <p>The settings are every {@code zorgbrug.*} key of the configuration files, command line and system properties
 * (values as the node resolves them, so a {@code ZORGBRUG_*} variable behind a placeholder counts), the
 * {@code ZORGBRUG_*} environment variables, and the local users by name. Secrets (keys that name a password, a
 * secret or a private key, and the users' password hashes) are kept and compared only as an HMAC-SHA256 with a key
 * of the node's own ({@code <data-dir>/audit/settings-fingerprint.key}), so neither this table nor the trail holds
 * one.
 */
final class SettingsAudit implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsAudit.class);
    static final String KEY_FILE = "settings-fingerprint.key";

    private final ConfigurableEnvironment environment;
    private final NodeProperties node;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AuditLog trail;
    private final AuditConfiguration.AuditActors actors;
    private final Clock clock;

    SettingsAudit(ConfigurableEnvironment environment, NodeProperties node, DataSource dataSource,
                  TransactionTemplate transaction, AuditLog trail, AuditConfiguration.AuditActors actors, Clock clock) {
        this.environment = environment;
        this.node = node;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = transaction;
        this.trail = trail;
        this.actors = actors;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Map<String, String> now = snapshot();
        Map<String, String> before = new TreeMap<>();
        jdbc.query("select name, val from setting_seen", rs -> {
            before.put(rs.getString(1), rs.getString(2));
        });
        List<SettingChanges.Change> changes = SettingChanges.between(before, now);
        AccessPoint here = AccessPoint.host(hostName());
        if (before.isEmpty()) {
            trail.record(AuditEvent.of(EventType.CONFIGURATION_CHANGE, actors.node(), clock.instant())
                    .action(nl.zorgbrug.audit.event.Action.CREATE).accessPoint(here)
                    .detail("settings first seen at start: " + now.size() + " settings, "
                            + now.keySet().stream().filter(k -> k.startsWith(SettingChanges.USER)
                                    && k.endsWith(":roles")).count() + " local users").build());
        } else {
            for (SettingChanges.Change change : changes) {
                trail.record(AuditEvent.of(change.type(), actors.node(), clock.instant()).action(change.action())
                        .accessPoint(here).detail("found at start: " + change.detail()).build());
            }
        }
        if (before.isEmpty() || !changes.isEmpty()) {
            Timestamp at = Timestamp.from(clock.instant());
            transaction.executeWithoutResult(status -> {
                jdbc.update("delete from setting_seen");
                jdbc.batchUpdate("insert into setting_seen (name, val, seen_at) values (?, ?, ?)",
                        now.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue(), at}).toList());
            });
            if (before.isEmpty()) {
                LOG.info("audit: first start, {} settings recorded as the ones later starts are compared with",
                        now.size());
            } else {
                LOG.info("audit: {} setting change(s) since the last start recorded in the trail", changes.size());
            }
        }
    }

    /** The settings as flat names and values; secrets as fingerprints. */
    Map<String, String> snapshot() {
        byte[] key = fingerprintKey();
        Map<String, String> settings = new TreeMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            boolean variables = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName());
            for (String name : enumerable.getPropertyNames()) {
                if (variables ? !name.startsWith("ZORGBRUG_") : !name.toLowerCase(Locale.ROOT).startsWith("zorgbrug.")
                        || name.toLowerCase(Locale.ROOT).startsWith("zorgbrug.users")) {
                    continue;
                }
                if (settings.containsKey(name)) {
                    continue; // the first source is the one in force
                }
                String value = variables ? String.valueOf(enumerable.getProperty(name)) : resolved(name);
                settings.put(name, secret(name) ? SettingChanges.SECRET + fingerprint(key, value) : shortened(value));
            }
        }
        for (NodeProperties.User user : node.users()) {
            settings.put(SettingChanges.USER + user.name() + ":roles", user.roles().stream().sorted().toList().toString());
            settings.put(SettingChanges.USER + user.name() + ":password", SettingChanges.SECRET
                    + fingerprint(key, String.valueOf(user.password())));
        }
        return settings;
    }

    private String resolved(String name) {
        try {
            return String.valueOf(environment.getProperty(name));
        } catch (RuntimeException unresolvable) {
            return "(unresolved)";
        }
    }

    static boolean secret(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "-");
        return n.contains("password") || n.contains("secret") || n.contains("private-key") || n.contains("privatekey");
    }

    private static String shortened(String value) {
        return value.length() <= 1000 ? value : value.substring(0, 1000) + "…";
    }

    private static String fingerprint(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The node's own key for fingerprints of secrets, made at the first start, readable by the node's user only. */
    private byte[] fingerprintKey() {
        Path file = node.dataDir().resolve("audit").resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions protect it.
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file + " (the key for fingerprints of secret"
                    + " settings): check that the node's user owns " + file.getParent(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

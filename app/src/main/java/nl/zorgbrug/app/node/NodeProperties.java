package nl.zorgbrug.app.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code zorgbrug.*} settings of application.yml. */
@ConfigurationProperties("zorgbrug")
public record NodeProperties(Path dataDir, Path spoolDir, org.springframework.util.unit.DataSize spoolMinFree, Retry retry,
                             List<User> users) {

    public NodeProperties {
        spoolMinFree = spoolMinFree == null ? org.springframework.util.unit.DataSize.ofMegabytes(512) : spoolMinFree;
        users = users == null ? List.of() : users;
        retry = retry == null ? new Retry(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(30), 12) : retry;
    }

    public record Retry(Duration initial, double factor, Duration max, int maxAttempts) {
    }

    /** A local user; the password is a bcrypt hash ({bcrypt}...) or, for trials only, {noop}plain. */
    public record User(String name, String password, List<String> roles) {
    }
}

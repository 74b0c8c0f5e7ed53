package nl.zorgbrug.app.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.*} settings of application.yml.
 *
 * @param spoolMinFree    new objects are refused (0xA700) while less is free on the spool's disk
 * @param databaseMinFree new objects are refused while less is free on the disk of an embedded (H2) database's
 *                        file, so the database never runs out of room for what the node has accepted
 * @param node            this node among several that share one database (issue 22)
 */
@ConfigurationProperties("zorgbrug")
public record NodeProperties(Path dataDir, Path spoolDir, org.springframework.util.unit.DataSize spoolMinFree,
                             org.springframework.util.unit.DataSize databaseMinFree, Retry retry, List<User> users,
                             Node node) {

    public NodeProperties {
        spoolMinFree = spoolMinFree == null ? org.springframework.util.unit.DataSize.ofMegabytes(512) : spoolMinFree;
        databaseMinFree = databaseMinFree == null ? org.springframework.util.unit.DataSize.ofMegabytes(256)
                : databaseMinFree;
        users = users == null ? List.of() : users;
        retry = retry == null ? new Retry(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(30), 12) : retry;
        node = node == null ? new Node(null, null, null, null) : node;
    }

    /**
     * This node's name and leases when several nodes share one database (docs/scaling.md).
     *
     * @param id          unique among the nodes, the same across restarts; empty: the host name and the DICOM port
     * @param lease       how long a claim of a job holds without renewal (30 s)
     * @param leaseMargin how long before its end a lease no longer counts for its holder (10 s; more than the nodes'
     *                    clock skew)
     * @param drain       how long a node that is stopped (SIGTERM) may take to finish its open associations and
     *                    deliveries or hand their jobs back, before it exits (30 s)
     */
    public record Node(String id, Duration lease, Duration leaseMargin, Duration drain) {
        public Node {
            lease = lease == null ? Duration.ofSeconds(30) : lease;
            leaseMargin = leaseMargin == null ? Duration.ofSeconds(10) : leaseMargin;
            drain = drain == null ? Duration.ofSeconds(30) : drain;
            if (drain.isNegative()) {
                throw new IllegalArgumentException("zorgbrug.node.drain must not be negative, not " + drain);
            }
        }
    }

    public record Retry(Duration initial, double factor, Duration max, int maxAttempts) {
    }

    /** A local user; the password is a bcrypt hash ({bcrypt}...) or, for trials only, {noop}plain. */
    public record User(String name, String password, List<String> roles) {
    }
}

package nl.zorgbrug.app.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code zorgbrug.transport.sftp.*} settings (issue 21, docs/operations.md "SFTP exchange"). Deliveries go by SFTP
 * to institutions whose address-book entry has a drop ({@code PUT /api/institutions/{key}/sftp}); incoming packages are
 * polled from each configured partner's drop.
 *
 * @param senderName   this hospital's name as the package manifest names the sender
 * @param senderUra    this hospital's URA (8 digits), in the manifest
 * @param knownHosts   an OpenSSH known_hosts file for drops without a fingerprint; unset: a fingerprint is required
 * @param timeout      connecting, authenticating and each SFTP request (default 30 seconds)
 * @param pollInterval how often each partner's drop is polled (default 1 minute)
 * @param maxEntries   entries in one incoming package (default 20,000)
 * @param partners     the partners whose packages this node takes
 */
@ConfigurationProperties("zorgbrug.transport.sftp")
public record TransportProperties(String senderName, String senderUra, Path knownHosts, Duration timeout,
                                  Duration pollInterval, Integer maxEntries, List<Partner> partners) {

    public TransportProperties {
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        pollInterval = pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
        maxEntries = maxEntries == null ? 20_000 : maxEntries;
        partners = partners == null ? List.of() : List.copyOf(partners);
    }

    /**
     * A partner whose packages arrive in a drop this node polls.
     *
     * @param key        a short name (folder under the inbox, "SFTP-key" as the sender in the spool)
     * @param route      the import route its objects take (a name of zorgbrug.gateway.routes)
     * @param hostKey    the drop server's host-key fingerprint, SHA256:...
     * @param privateKey our private key's path for that server
     * @param folder     the partner's drop folder on that server
     */
    public record Partner(String key, String route, String host, Integer port, String user, String hostKey,
                          Path privateKey, String password, String folder) {
    }
}

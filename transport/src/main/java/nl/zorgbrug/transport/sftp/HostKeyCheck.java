package nl.zorgbrug.transport.sftp;

import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * Verifies the server's host key (RFC 4251 4.1) for one connection: it must have the address book's fingerprint, or,
 * when the entry has none, be the key the node's known_hosts file (OpenSSH format) holds for the host. Anything else is
 * refused, and why is kept for the job's reason.
 */
final class HostKeyCheck implements ServerKeyVerifier {
    private final SftpEndpoint endpoint;
    private final Path knownHosts;
    private final AtomicReference<String> rejected = new AtomicReference<>();

    HostKeyCheck(SftpEndpoint endpoint, Path knownHosts) {
        this.endpoint = endpoint;
        this.knownHosts = knownHosts;
    }

    /** OpenSSH's fingerprint of a key: "SHA256:" and the unpadded base64 of its SHA-256. */
    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        String actual = fingerprint(key);
        if (endpoint.hostKeyFingerprint() != null) {
            if (endpoint.hostKeyFingerprint().equals(actual)) {
                return true;
            }
            rejected.set("the SFTP server " + endpoint.host() + ":" + endpoint.port() + " showed host key " + actual
                    + " (" + KeyUtils.getKeyType(key) + "), the address book expects " + endpoint.hostKeyFingerprint()
                    + ": not connected. Check the key with the partner (ssh-keygen -lf on their host key) and correct"
                    + " the address book; a changed key can also mean someone is in between");
            return false;
        }
        if (knownHosts != null && Files.isReadable(knownHosts)) {
            KnownHostsServerKeyVerifier known = new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE,
                    knownHosts);
            if (known.verifyServerKey(session, remote, key)) {
                return true;
            }
        }
        rejected.set("the SFTP server " + endpoint.host() + ":" + endpoint.port() + " showed host key " + actual
                + ", which the address book has no fingerprint for and " + (knownHosts == null ? "no known_hosts file"
                : "the known_hosts file " + knownHosts) + " does not hold: not connected. Put the fingerprint,"
                + " checked with the partner, in the address book");
        return false;
    }

    /** Why the key was refused, or null when it was not. */
    String rejection() {
        return rejected.get();
    }
}

package nl.zorgbrug.transport.sftp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import nl.zorgbrug.gateway.addressbook.PluggedEndpoint;

/**
 * An institution's SFTP drop (issue 21): an SSH server (RFC 4251-4254) with the SFTP subsystem
 * (draft-ietf-secsh-filexfer-02, version 3 as OpenSSH speaks it), where our packages go into {@code folder}.
 *
 * @param hostKeyFingerprint the server's host key as OpenSSH prints it ({@code ssh-keygen -lf}): "SHA256:" and the
 *                           unpadded base64 of the key's SHA-256; null only when the node's known_hosts names the
 *                           host. A key that matches neither is refused: never accepted blindly.
 * @param privateKey         our private key (OpenSSH or PEM format) for public-key authentication
 * @param password           only a fallback, for a partner that cannot take a key; null otherwise
 * @param folder             where packages go on the server, relative to the login folder ("." for the login folder)
 * @param receiptTimeout     how long to wait for the partner's receipt of a package ({@link ReceiptWatch}); null when
 *                           the partner writes none, and a job is DONE once its package is renamed into place
 */
public record SftpEndpoint(String host, int port, String user, String hostKeyFingerprint, Path privateKey,
                           String password, String folder, Duration receiptTimeout) implements PluggedEndpoint {
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    public SftpEndpoint {
        folder = folder == null || folder.isBlank() ? "." : folder;
    }

    /** A drop whose partner writes no receipts. */
    public SftpEndpoint(String host, int port, String user, String hostKeyFingerprint, Path privateKey,
                        String password, String folder) {
        this(host, port, user, hostKeyFingerprint, privateKey, password, folder, null);
    }

    /** With receipts the originals stay in the spool until the receipt came, as with a storage commitment. */
    @Override
    public boolean awaitsCommitment() {
        return receiptTimeout != null;
    }

    @Override
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (host == null || host.isBlank()) {
            p.add("sftpHost: required");
        }
        if (port < 1 || port > 65535) {
            p.add("sftpPort: 1-65535 (22 is SSH's)");
        }
        if (user == null || user.isBlank()) {
            p.add("sftpUser: required");
        }
        if (hostKeyFingerprint != null && !FINGERPRINT.matcher(hostKeyFingerprint).matches()) {
            p.add("sftpHostKey: the host key's fingerprint as 'ssh-keygen -lf' prints it, SHA256: and 43 characters");
        }
        if (privateKey == null && (password == null || password.isEmpty())) {
            p.add("sftpPrivateKey: our private key's path (or, only as a fallback, sftpPassword)");
        }
        if (receiptTimeout != null && (receiptTimeout.isNegative() || receiptTimeout.isZero())) {
            p.add("sftpReceiptTimeout: a positive duration (e.g. PT1H), or empty when the partner writes no receipts");
        }
        if (folder.contains("..")) {
            p.add("sftpFolder: a folder inside the login folder, without '..'");
        }
        return p;
    }

    /** For messages: user@host:port/folder, no secret. */
    public String where() {
        return user + "@" + host + ":" + port + "/" + folder;
    }

    @Override
    public String toString() {
        return "SftpEndpoint[" + where() + ", host key " + hostKeyFingerprint + ", key " + privateKey
                + (password == null ? "" : ", password set")
                + (receiptTimeout == null ? "" : ", receipt within " + receiptTimeout) + "]";
    }
}

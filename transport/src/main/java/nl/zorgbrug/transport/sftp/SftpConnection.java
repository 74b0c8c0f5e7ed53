package nl.zorgbrug.transport.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * One SSH session with its SFTP channel to a partner's server, opened with the host key checked ({@link HostKeyCheck})
 * and our key (or, as a fallback, the password). Closing it closes both.
 */
public final class SftpConnection implements AutoCloseable {
    private final SshClient client;
    private final ClientSession session;
    private final SftpClient sftp;

    /**
     * The ciphers we offer, most wanted first (RFC 4253 §7.1: the client's first that the server also offers wins).
     * AES-GCM first: the JDK runs it on the CPU's AES and carry-less multiply instructions, while MINA's
     * chacha20-poly1305, its default first choice, is plain Java and was most of an upload's CPU (JFR of
     * bench/run-sftp.sh: 180 of 230 samples in ChaCha20 and Poly1305). All are authenticated or paired with a MAC;
     * chacha20 stays, last, for a server that offers nothing else. No CBC, no arcfour.
     */
    static final String[] CIPHERS = {"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr",
            "aes256-ctr", "chacha20-poly1305@openssh.com"};

    private SftpConnection(SshClient client, ClientSession session, SftpClient sftp) {
        this.client = client;
        this.session = session;
        this.sftp = sftp;
    }

    /**
     * @throws HostKeyRejectedException the server's key is not the one configured, or it refused our credentials
     * @throws IOException              the server could not be reached or the connection broke (try again later)
     */
    public static SftpConnection open(SftpEndpoint to, Path knownHosts, Duration timeout) throws IOException {
        HostKeyCheck check = new HostKeyCheck(to, knownHosts);
        // A client of its own per connection: its host-key check is set before the key exchange can start, and
        // belongs to this endpoint alone.
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(check);
        client.setCipherFactoriesNames(CIPHERS);
        client.start();
        ClientSession session = null;
        try {
            session = client.connect(to.user(), to.host(), to.port()).verify(timeout).getSession();
            if (to.privateKey() != null) {
                for (KeyPair key : loadKeys(session, to.privateKey())) {
                    session.addPublicKeyIdentity(key);
                }
            }
            if (to.password() != null && !to.password().isEmpty()) {
                session.addPasswordIdentity(to.password());
            }
            try {
                session.auth().verify(timeout);
            } catch (SshException e) {
                if (check.rejection() != null) {
                    throw new HostKeyRejectedException(check.rejection(), e);
                }
                if (session.isOpen() && !session.isAuthenticated() && isAuthRefusal(e)) {
                    throw new HostKeyRejectedException("the SFTP server " + to.where() + " refused our key"
                            + (to.password() == null ? "" : " and password") + " for user " + to.user()
                            + ": check the account and our public key in its authorized_keys with the partner", e);
                }
                throw e;
            }
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SftpConnection(client, session, sftp);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            client.stop();
            if (check.rejection() != null && !(e instanceof HostKeyRejectedException)) {
                throw new HostKeyRejectedException(check.rejection(), e);
            }
            throw e;
        }
    }

    private static boolean isAuthRefusal(SshException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("no more authentication methods") || m.contains("authentication");
    }

    private static Iterable<KeyPair> loadKeys(ClientSession session, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(session, NamedResource.ofName(file.toString()),
                    in, null);
            if (keys == null || !keys.iterator().hasNext()) {
                throw new HostKeyRejectedException("our private key " + file + " holds no key MINA SSHD can read;"
                        + " write it with ssh-keygen -t ecdsa or -t rsa, without a passphrase");
            }
            return keys;
        } catch (GeneralSecurityException e) {
            throw new HostKeyRejectedException("our private key " + file + " cannot be read: " + e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new HostKeyRejectedException("our private key " + file + " does not exist: check sftpPrivateKey", e);
        }
    }

    public SftpClient sftp() {
        return sftp;
    }

    /** The cipher this session encrypts our data with, as negotiated (client to server). */
    public String cipher() {
        return session.getNegotiatedKexParameter(org.apache.sshd.common.kex.KexProposalOption.C2SENC);
    }

    @Override
    public void close() throws IOException {
        try {
            sftp.close();
        } finally {
            try {
                session.close(false).await(5_000);
            } finally {
                client.stop();
            }
        }
    }
}

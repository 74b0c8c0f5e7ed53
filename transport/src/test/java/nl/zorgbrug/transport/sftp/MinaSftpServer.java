package nl.zorgbrug.transport.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Apache MINA SSHD's embedded server, for the faults a real server is hard to make do: a broken upload, a port that
 * opens later. The drop is a folder on disk (a virtual file system rooted there); keys from authorized_keys.
 */
public final class MinaSftpServer implements AutoCloseable {
    private final SshServer sshd;
    private final Path root;
    /** How many more writes fail (a broken transfer), then they succeed again. */
    public final AtomicInteger failWrites = new AtomicInteger();
    /** Bytes written so far, for a test that acts mid-upload. */
    public final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    /** How long each write waits first, so an upload takes long enough to be interrupted (0: none). */
    public volatile long writeDelayMillis;

    public MinaSftpServer(Path root, Path hostKey, Path authorizedKeys, int port) throws IOException {
        this.root = Files.createDirectories(root);
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                                byte[] data, int dataOffset, int dataLen) throws IOException {
                if (failWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IOException("test: the disk broke off the write at offset " + offset);
                }
                written.addAndGet(dataLen);
                if (writeDelayMillis > 0) {
                    try {
                        Thread.sleep(writeDelayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("test: interrupted while slowing the write", e);
                    }
                }
            }
        });
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(this.root));
        sshd.start();
    }

    public int port() {
        return sshd.getPort();
    }

    public String hostKeyFingerprint() throws IOException {
        try {
            KeyPair kp = sshd.getKeyPairProvider().loadKeys(null).iterator().next();
            return HostKeyCheck.fingerprint(kp.getPublic());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }
}

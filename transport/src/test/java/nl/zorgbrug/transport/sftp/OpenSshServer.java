package nl.zorgbrug.transport.sftp;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * Debian's OpenSSH server as a hospital runs it for partners' drops, started by a test on a loopback port with its own
 * sshd_config, host key and authorized_keys, SFTP only (internal-sftp). The drop is chrooted (ChrootDirectory) when the
 * test runs as root and the folder qualifies (every component owned by root and writable by no one else, as sshd
 * demands); otherwise, documented in docs/transport.md, the same account without chroot.
 */
public final class OpenSshServer implements AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    private final Process process;
    private final int port;
    private final Path hostKey;
    private final Path dropOnDisk;
    private final String dropFolder;
    private final boolean chrooted;

    /** Fails under CI=true, skips otherwise, when Debian's openssh-server is not installed. */
    public static void require() {
        if (!Files.isExecutable(SSHD)) {
            String message = "openssh-server is not installed; run .ci/run (it installs the Debian test peers)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    /**
     * @param dir          the server's own files (config, keys, log)
     * @param chrootBase   a folder under which the chroot may be made (e.g. the module's target/)
     * @param clientPubKey the public key our node logs in with
     */
    public OpenSshServer(Path dir, Path chrootBase, Path clientPubKey) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        hostKey = SshKeys.generate(dir.resolve("ssh_host_ecdsa_key"));
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(clientPubKey, authorized);
        String user = System.getProperty("user.name");
        boolean root = "root".equals(user);
        Path chroot = Files.createDirectories(chrootBase.toAbsolutePath().resolve("sshd-chroot-" + System.nanoTime()));
        chrooted = root && chrootable(chroot);
        dropOnDisk = Files.createDirectories(chroot.resolve("drop"));
        dropFolder = chrooted ? "/drop" : dropOnDisk.toString();
        if (root) {
            // sshd's privilege separation needs this folder; a Debian service would have made it at boot.
            Files.createDirectories(Path.of("/run/sshd"));
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("sshd_config");
        Files.write(config, List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorized,
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "AllowUsers " + user,
                "Subsystem sftp internal-sftp",
                "ForceCommand internal-sftp",
                chrooted ? "ChrootDirectory " + chroot : "# no chroot: not root, or the folder does not qualify",
                "LogLevel VERBOSE"));
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException e) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** sshd's rule for ChrootDirectory: every component owned by root and not writable by group or others. */
    static boolean chrootable(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            Set<PosixFilePermission> perms = a.permissions();
            if (!a.owner().getName().equals("root") || perms.contains(PosixFilePermission.GROUP_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                return false;
            }
        }
        return true;
    }

    public int port() {
        return port;
    }

    public String hostKeyFingerprint() throws IOException, InterruptedException {
        return SshKeys.fingerprint(Path.of(hostKey + ".pub"));
    }

    /** The drop folder as the SFTP client names it ("/drop" in the chroot). */
    public String dropFolder() {
        return dropFolder;
    }

    /** The drop folder on this machine's disk, for the test to look into. */
    public Path dropOnDisk() {
        return dropOnDisk;
    }

    public boolean chrooted() {
        return chrooted;
    }

    @Override
    public void close() {
        process.destroy();
    }
}

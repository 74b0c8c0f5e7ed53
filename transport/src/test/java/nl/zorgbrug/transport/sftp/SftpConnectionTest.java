package nl.zorgbrug.transport.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a session with Debian's OpenSSH server, as installed, negotiates. */
class SftpConnectionTest {
    @TempDir
    Path tmp;

    /**
     * OpenSSH's default choice, chacha20-poly1305, is plain Java in MINA and was most of an upload's CPU
     * (docs/benchmarks.md, SFTP): we offer AES-GCM first, which the server offers too, and the JDK runs on AES-NI.
     */
    @Test
    void anUploadToOpenSshIsEncryptedWithAesGcm() throws Exception {
        OpenSshServer.require();
        Path key = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
        try (OpenSshServer sshd = new OpenSshServer(tmp.resolve("sshd"), Path.of("target"), Path.of(key + ".pub"));
             SftpConnection c = SftpConnection.open(new SftpEndpoint("127.0.0.1", sshd.port(),
                     System.getProperty("user.name"), sshd.hostKeyFingerprint(), key, null, sshd.dropFolder()),
                     null, Duration.ofSeconds(10))) {
            assertThat(c.cipher()).isEqualTo("aes128-gcm@openssh.com");
        }
    }
}

package nl.zorgbrug.transport.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22, drain: an SFTP upload of a study package stops between two writes when the node hands its deliveries
 * back. Only the {@code .part} file had been written, which a partner never takes; it is removed and nothing is
 * renamed into place. An upload not asked to stop puts the package in place as before.
 */
class SftpUploadStopTest {
    @TempDir
    Path tmp;

    @Test
    void anUploadAskedToStopLeavesNothingInTheDrop() throws Exception {
        OpenSshServer.require();
        Path key = SshKeys.generate(tmp.resolve("keys/id_ecdsa"));
        Path zip = Files.write(tmp.resolve("study.zip"), new byte[6 * SftpTransport.UPLOAD_BUFFER + 17]);
        try (OpenSshServer sshd = new OpenSshServer(tmp.resolve("sshd"), Path.of("target"), Path.of(key + ".pub"));
             SftpConnection c = SftpConnection.open(new SftpEndpoint("127.0.0.1", sshd.port(),
                     System.getProperty("user.name"), sshd.hostKeyFingerprint(), key, null, sshd.dropFolder()),
                     null, Duration.ofSeconds(10))) {
            AtomicInteger writes = new AtomicInteger();
            // Asked to stop after three writes: the node began draining in the middle of the upload.
            boolean done = SftpTransport.upload(c.sftp(), zip, sshd.dropFolder() + "/stopped.zip",
                    () -> writes.incrementAndGet() > 3);
            assertThat(done).isFalse();
            assertThat(writes.get()).isEqualTo(4);
            try (var files = Files.list(sshd.dropOnDisk())) {
                assertThat(files.toList()).as("neither the package nor its .part").isEmpty();
            }

            assertThat(SftpTransport.upload(c.sftp(), zip, sshd.dropFolder() + "/whole.zip", () -> false)).isTrue();
            assertThat(Files.size(sshd.dropOnDisk().resolve("whole.zip"))).isEqualTo(Files.size(zip));
            assertThat(sshd.dropOnDisk().resolve("whole.zip" + SftpTransport.PART)).doesNotExist();
        }
    }
}

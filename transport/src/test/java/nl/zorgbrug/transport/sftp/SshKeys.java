package nl.zorgbrug.transport.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Keys for the tests, made by OpenSSH's ssh-keygen as an administrator would: ECDSA P-256, no passphrase. */
public final class SshKeys {
    private SshKeys() {
    }

    /** Writes {@code file} (private, OpenSSH format) and {@code file.pub}; returns the private key's path. */
    public static Path generate(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        run("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "zorgbrug-test", "-f", file.toString());
        return file;
    }

    /** OpenSSH's SHA-256 fingerprint of a public key file ("SHA256:..."), as ssh-keygen -lf prints it. */
    public static String fingerprint(Path publicKey) throws IOException, InterruptedException {
        String out = run("ssh-keygen", "-l", "-E", "sha256", "-f", publicKey.toString());
        for (String word : out.split("\\s+")) {
            if (word.startsWith("SHA256:")) {
                return word;
            }
        }
        throw new IOException("ssh-keygen printed no SHA256 fingerprint for " + publicKey + ": " + out);
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}

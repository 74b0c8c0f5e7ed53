package nl.zorgbrug.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import picocli.CommandLine;

/** Issue 15: the {bcrypt} hashes docs/operations.md asks for, made by the launcher, checked as the node checks them. */
class PasswordHashCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run hash(String stdin) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new PasswordHashCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute();
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theHashFromStandardInputIsOneTheNodeAccepts() {
        String password = "correct horse " + System.nanoTime();
        Run run = hash(password + "\n");
        assertThat(run.exit()).isZero();
        String hash = run.out().trim();
        assertThat(hash).startsWith("{bcrypt}$2a$10$").doesNotContain(password);
        PasswordEncoder node = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        assertThat(node.matches(password, hash)).isTrue();
        assertThat(node.matches(password + "x", hash)).isFalse();
    }

    @Test
    void noPasswordIsAnErrorWithoutAHash() {
        Run run = hash("");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no password given");
    }

    @Test
    void theLauncherKnowsTheCommand() {
        assertThat(new CommandLine(new nl.zorgbrug.app.ZorgbrugCommand()).getSubcommands()).containsKey("password-hash");
    }
}

package nl.zorgbrug.app.security;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code zorgbrug password-hash}: the {@code {bcrypt}} hash of a password, for {@code zorgbrug.users[].password}
 * (docs/operations.md). The password is never an argument, which would land in the shell's history and the process
 * list: it is asked on the terminal without echo (twice), or read as the first line of standard input.
 */
@Command(name = "password-hash", mixinStandardHelpOptions = true,
        description = {"Print the {bcrypt} hash of a password for zorgbrug.users[].password.",
                "The password is asked on the terminal without echo, or read as the first line of standard input"
                        + " (e.g. from a password manager); never give it as an argument."})
public final class PasswordHashCommand implements Callable<Integer> {
    private final InputStream stdin;
    private final Console console;

    @Spec
    CommandSpec spec;

    public PasswordHashCommand() {
        this(System.in, System.console());
    }

    /** @param console the terminal to ask on, or null to read standard input */
    PasswordHashCommand(InputStream stdin, Console console) {
        this.stdin = stdin;
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        char[] password = console != null ? fromTerminal() : fromStdin();
        if (password == null || password.length == 0) {
            spec.commandLine().getErr().println("error: no password given (empty, or the two entries differ)");
            return 2;
        }
        try {
            // The same encoder family the node checks with (PasswordEncoderFactories' "bcrypt", strength 10).
            spec.commandLine().getOut().println("{bcrypt}" + new BCryptPasswordEncoder().encode(java.nio.CharBuffer.wrap(password)));
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] fromTerminal() {
        char[] first = console.readPassword("Password: ");
        char[] again = console.readPassword("Again: ");
        if (first == null || again == null || !Arrays.equals(first, again)) {
            return null;
        }
        Arrays.fill(again, '\0');
        return first;
    }

    private char[] fromStdin() throws IOException {
        String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }
}

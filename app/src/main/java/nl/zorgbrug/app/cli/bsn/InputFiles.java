package nl.zorgbrug.app.cli.bsn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files named on a command line, directories walked recursively in name order, each with the path
 * relative to the argument it came from, so outputs mirror the input tree.
 */
final class InputFiles {
    record Input(Path file, Path relative) {
    }

    private InputFiles() {
    }

    static List<Input> expand(List<Path> args) {
        List<Input> out = new ArrayList<>();
        for (Path arg : args) {
            if (Files.isDirectory(arg)) {
                try (Stream<Path> walk = Files.walk(arg)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().endsWith(".reason.json"))
                            .sorted()
                            .forEach(p -> out.add(new Input(p, arg.relativize(p))));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + arg + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(arg)) {
                out.add(new Input(arg, arg.getFileName()));
            } else {
                throw new IllegalArgumentException(arg + ": no such file or directory");
            }
        }
        return out;
    }
}

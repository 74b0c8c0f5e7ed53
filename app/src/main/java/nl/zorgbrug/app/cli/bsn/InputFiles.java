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
 * relative to the argument it came from, so outputs mirror the input tree. With several arguments, each one's
 * files go under a folder of the argument's own name ({@code in1/x.dcm} and {@code in2/x.dcm} become
 * {@code in1/x.dcm} and {@code in2/x.dcm} under the output), numbered when two arguments have the same name
 * ({@code data}, {@code data-2}), so files of the same name in two inputs never collide.
 */
final class InputFiles {
    record Input(Path file, Path relative) {
    }

    private InputFiles() {
    }

    static List<Input> expand(List<Path> args) {
        List<Input> out = new ArrayList<>();
        java.util.Set<String> tops = new java.util.HashSet<>();
        for (Path arg : args) {
            Path name = arg.toAbsolutePath().normalize().getFileName();
            // One argument mirrors its tree as it is; several each get a top folder (or file name) of their own.
            Path top = args.size() == 1 ? null : Path.of(unique(name == null ? "input" : name.toString(), tops));
            if (Files.isDirectory(arg)) {
                try (Stream<Path> walk = Files.walk(arg)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().endsWith(".reason.json"))
                            .sorted()
                            .forEach(p -> out.add(new Input(p, top == null ? arg.relativize(p)
                                    : top.resolve(arg.relativize(p)))));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + arg + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(arg)) {
                out.add(new Input(arg, top == null ? arg.getFileName() : top));
            } else {
                throw new IllegalArgumentException(arg + ": no such file or directory");
            }
        }
        return out;
    }

    /** {@code name}, or with "-2", "-3", … when an earlier argument took it. */
    private static String unique(String name, java.util.Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            int dot = name.lastIndexOf('.');
            candidate = dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
        }
        return candidate;
    }
}

package nl.zorgbrug.dicom.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The interop corpus, generated once per test run by src/test/python/make_corpus.py with pydicom
 * and dcmtk's dump2dcm into target/corpus (nothing of it is committed).
 */
public final class Corpus {
    private static Path dir;

    private Corpus() {
    }

    public static synchronized Path dir() {
        if (dir != null) {
            return dir;
        }
        Peers.requirePydicom();
        Peers.requireDcmtk();
        Path target = Path.of("target", "corpus").toAbsolutePath();
        try {
            if (Files.exists(target)) {
                try (Stream<Path> old = Files.list(target)) {
                    for (Path p : old.collect(Collectors.toList())) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Peers.Result r = Peers.run(List.of(Peers.PYTHON, Path.of("src/test/python/make_corpus.py").toAbsolutePath().toString(),
                target.toString()), null);
        assertEquals(0, r.exitCode(), "make_corpus.py failed: " + r.stderr());
        dir = target;
        return dir;
    }

    public static List<Path> files() {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

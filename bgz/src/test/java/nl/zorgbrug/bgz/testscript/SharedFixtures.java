package nl.zorgbrug.bgz.testscript;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared test material lives: {@code ../shared} beside the repository (CI clones the repository into a
 * sibling folder of shared). Found from the module directory the build runs in.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("bgz"))) {
                Path shared = p.resolveSibling("shared").normalize();
                if (!Files.isDirectory(shared.resolve("bgz-fixtures"))) {
                    throw new IllegalStateException("the shared BgZ fixtures are missing: expected "
                            + shared.resolve("bgz-fixtures") + " beside the repository " + p
                            + " (clone the repository next to the shared folder)");
                }
                return shared;
            }
        }
        throw new IllegalStateException("cannot find the repository root (mvnw) above " + dir);
    }
}

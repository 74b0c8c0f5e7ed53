package nl.zorgbrug.app.node;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an embedded database keeps its files, read from its JDBC URL, so the node can keep room on that disk
 * ({@code zorgbrug.database-min-free}). Only an H2 file database lives on this machine; an in-memory one has no
 * file, and a server's (PostgreSQL, H2 over TCP) disk is that server's administrator's to watch.
 */
final class DatabaseFiles {
    private DatabaseFiles() {
    }

    /**
     * The directory of the database's files, for {@code jdbc:h2:file:PATH}, {@code jdbc:h2:PATH} (H2's embedded
     * forms, <a href="https://h2database.com/html/features.html#database_url">H2 database URL overview</a>), with
     * {@code ~} as the user's home; empty for anything else.
     */
    static Optional<Path> directoryOf(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String name = jdbcUrl.substring("jdbc:h2:".length());
        int options = name.indexOf(';');
        if (options >= 0) {
            name = name.substring(0, options);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:") || lower.startsWith("zip:")) {
            return Optional.empty();
        }
        for (String fileSystem : new String[] {"file:", "nio:", "async:", "split:"}) {
            if (lower.startsWith(fileSystem)) {
                name = name.substring(fileSystem.length());
                lower = lower.substring(fileSystem.length());
            }
        }
        if (name.isBlank()) {
            return Optional.empty();
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        Path parent = Path.of(name).toAbsolutePath().normalize().getParent();
        return Optional.ofNullable(parent);
    }
}

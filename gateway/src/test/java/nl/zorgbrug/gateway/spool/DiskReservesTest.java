package nl.zorgbrug.gateway.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room the node keeps free on every disk it writes to (issue 15, blocker 4): the spool's and the database's,
 * which may be different file systems. Measured through the {@link FreeSpace} port, so a disk of any size can be
 * played; the real file system is filled in gateway's SpoolFullTest and app's DiskFullNodeTest.
 */
class DiskReservesTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path tmp;

    /** Free space per directory, as the test sets it. */
    private final Map<Path, Long> free = new ConcurrentHashMap<>();

    private Spool spool(Path spoolDir, Path databaseDir, FreeSpace freeSpace) throws IOException {
        return new Spool(spoolDir, new DiskReserves(List.of(
                new DiskReserve("spool", spoolDir, 512 * MB, "zorgbrug.spool-min-free"),
                new DiskReserve("database", databaseDir, 256 * MB, "zorgbrug.database-min-free")), freeSpace));
    }

    private static long files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aDatabaseDiskBelowItsReserveRefusesNewObjectsThoughTheSpoolHasRoom() throws Exception {
        Path spoolDir = tmp.resolve("spool");
        Path databaseDir = tmp.resolve("db");
        free.put(spoolDir, 100_000 * MB);
        free.put(databaseDir, 255 * MB);
        Spool spool = spool(spoolDir, databaseDir, free::get).forRoute("export");

        assertThatThrownBy(() -> spool.store("2.25.1", "2.25.1.1", out -> out.write(new byte[1000])))
                .isInstanceOf(SpoolFullException.class)
                .hasMessageContaining("database's disk (" + databaseDir.toAbsolutePath() + ") has 255 MB free")
                .hasMessageContaining("reserve of 256 MB (zorgbrug.database-min-free)");
        assertThat(files(spoolDir)).isZero();

        // Space returns: the next object is taken, without a restart.
        free.put(databaseDir, 300 * MB);
        assertThat(spool.store("2.25.1", "2.25.1.1", out -> out.write(new byte[1000])).size()).isEqualTo(1000);
    }

    @Test
    void theSpoolDiskBelowItsReserveRefusesToo() throws Exception {
        Path spoolDir = tmp.resolve("spool");
        Path databaseDir = tmp.resolve("db");
        free.put(spoolDir, 511 * MB);
        free.put(databaseDir, 100_000 * MB);
        Spool spool = spool(spoolDir, databaseDir, free::get);

        assertThatThrownBy(() -> spool.store("2.25.2", "2.25.2.1", out -> out.write(1)))
                .isInstanceOf(SpoolFullException.class).hasMessageContaining("zorgbrug.spool-min-free");
        assertThat(spool.reserves().read()).extracting(DiskReserve.Reading::low).containsExactly(true, false);
    }

    @Test
    void aDiskThatCannotBeMeasuredCountsAsFull() throws Exception {
        Path spoolDir = tmp.resolve("spool");
        Spool spool = spool(spoolDir, tmp.resolve("db"), dir -> {
            throw new IOException("statvfs failed");
        });
        assertThatThrownBy(() -> spool.store("2.25.3", "2.25.3.1", out -> out.write(1)))
                .isInstanceOf(SpoolFullException.class);
        assertThat(files(spoolDir)).isZero();
    }

    @Test
    void aLargeObjectIsRefusedWhenTheDiskRunsLowWhileItIsWritten() throws Exception {
        Path spoolDir = tmp.resolve("spool");
        Path databaseDir = tmp.resolve("db");
        AtomicInteger measured = new AtomicInteger();
        // Room when the object starts; the database's disk runs low while it is written (another object, a log).
        Spool spool = spool(spoolDir, databaseDir, dir -> dir.equals(databaseDir) && measured.incrementAndGet() > 1
                ? 10 * MB : 100_000 * MB);
        byte[] chunk = new byte[(int) MB];

        assertThatThrownBy(() -> spool.store("2.25.4", "2.25.4.1", out -> {
            for (long written = 0; written < Incoming.CHECK_EVERY_BYTES + 2 * MB; written += chunk.length) {
                out.write(chunk);
            }
        })).isInstanceOf(SpoolFullException.class).hasMessageContaining("zorgbrug.database-min-free");
        assertThat(measured.get()).isEqualTo(2);
        assertThat(files(spoolDir)).as("nothing half-written is kept").isZero();
    }

    @Test
    void aDirectoryNotCreatedYetIsMeasuredOnTheFileSystemItWillBeCreatedOn() throws Exception {
        long free = FreeSpace.fileStore().usableBytes(tmp.resolve("not/yet/there"));
        assertThat(free).isCloseTo(Files.getFileStore(tmp).getUsableSpace(), org.assertj.core.data.Offset.offset(64 * MB));
    }
}

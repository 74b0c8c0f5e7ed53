package nl.zorgbrug.gateway.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @Test
    void storesDurablyAndDeduplicatesByUid(@TempDir Path tmp) throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        SpooledObject first = spool.store("2.25.1", "2.25.1.1", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        assertThat(first.duplicate()).isFalse();
        assertThat(Files.readAllBytes(first.path())).containsExactly(1, 2, 3);
        SpooledObject again = spool.store("2.25.1", "2.25.1.1", new ByteArrayInputStream(new byte[] {9}));
        assertThat(again.duplicate()).isTrue();
        assertThat(Files.readAllBytes(again.path())).containsExactly(1, 2, 3);
    }

    @Test
    void aFailedWriteLeavesNothingBehind(@TempDir Path tmp) throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        assertThatThrownBy(() -> spool.store("2.25.1", "2.25.1.2", out -> {
            out.write(new byte[100]);
            throw new IOException("peer aborted the association");
        })).hasMessageContaining("aborted");
        assertThat(spool.find("2.25.1", "2.25.1.2")).isEmpty();
        try (var files = Files.walk(spool.root())) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void recoverRemovesTemporaryFilesOfACrash(@TempDir Path tmp) throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        Path dir = Files.createDirectories(spool.root().resolve("2.25.1"));
        Files.write(dir.resolve("2.25.1.3.dcm.abc.part"), new byte[10]);
        spool.store("2.25.1", "2.25.1.4", new ByteArrayInputStream(new byte[] {4}));
        assertThat(spool.recover()).isEqualTo(1);
        assertThat(spool.find("2.25.1", "2.25.1.4")).isPresent();
    }

    /**
     * Issue 22: on a spool that several nodes share, a starting node leaves alone the temporary file another live
     * process is writing (it holds the file's lock, as {@link Incoming} does), and removes it once that process is gone.
     * The other process is python3's fcntl.lockf, the same POSIX lock as Java's FileChannel.tryLock.
     */
    @Test
    void recoverLeavesATemporaryFileThatAnotherLiveProcessWrites(@TempDir Path tmp) throws Exception {
        Spool spool = new Spool(tmp.resolve("spool"));
        Path dir = Files.createDirectories(spool.root().resolve("2.25.1"));
        Path part = Files.write(dir.resolve("2.25.1.5.dcm.def.part"), new byte[10]);
        Process other = new ProcessBuilder("python3", "-c", "import fcntl, sys, time\n"
                + "f = open(sys.argv[1], 'r+')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\n"
                + "sys.stdin.read()", part.toString()).redirectErrorStream(true).start();
        try {
            String said = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream())).readLine();
            assertThat(said).as("python3 holds the lock").isEqualTo("locked");
            assertThat(spool.recover()).isZero();
            assertThat(part).exists();
        } finally {
            other.getOutputStream().close();
            other.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            other.destroyForcibly();
        }
        assertThat(spool.recover()).isEqualTo(1);
        assertThat(part).doesNotExist();
    }

    @Test
    void uidsCannotEscapeTheSpool(@TempDir Path tmp) throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        assertThatThrownBy(() -> spool.pathOf("../etc", "1.2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spool.pathOf("1.2", "1/2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removeDeletesTheObjectAndItsEmptyStudyFolder(@TempDir Path tmp) throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        SpooledObject o = spool.store("2.25.9", "2.25.9.1", new ByteArrayInputStream(new byte[] {1}));
        spool.remove("2.25.9", "2.25.9.1");
        assertThat(Files.exists(o.path())).isFalse();
        assertThat(Files.exists(o.path().getParent())).isFalse();
    }

    @Test
    void aReceivedObjectGoesStraightIntoItsStudyFolderOnceTheStudyIsNamed(@TempDir Path tmp) throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        SpooledObject o = spool.receive("2.25.7.1", out -> {
            out.write(new byte[] {1, 2});
            out.study("2.25.7");
            out.write(new byte[] {3});
        });
        assertThat(o.studyInstanceUid()).isEqualTo("2.25.7");
        assertThat(o.duplicate()).isFalse();
        assertThat(o.path()).isEqualTo(spool.pathOf("2.25.7", "2.25.7.1"));
        assertThat(Files.readAllBytes(o.path())).containsExactly(1, 2, 3);
        SpooledObject resent = spool.receive("2.25.7.1", out -> {
            out.write(new byte[] {1});
            out.study("2.25.7");
            out.write(new byte[] {2, 3});
        });
        assertThat(resent.duplicate()).as("byte-identical: a harmless resend").isTrue();
        assertThat(resent.version()).isEqualTo(1);
        assertThat(Files.readAllBytes(resent.path())).containsExactly(1, 2, 3);
        try (var files = Files.walk(spool.root())) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(o.path());
        }
    }

    /**
     * Issue 15: a resend with the same SOP Instance UID and other content (a corrected object) is never dropped: it
     * is kept as the next version beside the first, which stays until delivered or discarded.
     */
    @Test
    void aResendWithOtherContentIsKeptAsTheNextVersionBesideTheFirst(@TempDir Path tmp) throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        SpooledObject first = spool.receive("2.25.7.1", out -> {
            out.study("2.25.7");
            out.write(new byte[] {1, 2, 3});
        });
        SpooledObject corrected = spool.receive("2.25.7.1", out -> {
            out.study("2.25.7");
            out.write(new byte[] {1, 2, 4});
        });
        assertThat(corrected.duplicate()).isFalse();
        assertThat(corrected.version()).isEqualTo(2);
        assertThat(corrected.digest()).isNotEqualTo(first.digest());
        assertThat(corrected.path()).isEqualTo(spool.pathOf("2.25.7", "2.25.7.1", 2)).isNotEqualTo(first.path());
        assertThat(Files.readAllBytes(first.path())).as("the original is kept").containsExactly(1, 2, 3);
        assertThat(Files.readAllBytes(corrected.path())).containsExactly(1, 2, 4);
        assertThat(spool.newestVersion("2.25.7", "2.25.7.1")).isEqualTo(2);
        assertThat(spool.current("2.25.7", "2.25.7.1")).isEqualTo(corrected.path());

        SpooledObject again = spool.receive("2.25.7.1", out -> {
            out.study("2.25.7");
            out.write(new byte[] {1, 2, 4});
        });
        assertThat(again.duplicate()).as("the correction sent twice").isTrue();
        assertThat(again.version()).isEqualTo(2);

        spool.removeUpTo("2.25.7", "2.25.7.1", 1);
        assertThat(first.path()).as("a later version is waiting: nothing goes yet").exists();
        spool.removeUpTo("2.25.7", "2.25.7.1", 2);
        assertThat(first.path()).doesNotExist();
        assertThat(corrected.path()).doesNotExist();
        assertThat(first.path().getParent()).doesNotExist();
    }

    @Test
    void aReceiveThatFailsOrNeverNamesItsStudyLeavesNothingBehind(@TempDir Path tmp) throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        assertThatThrownBy(() -> spool.receive("2.25.8.1", out -> out.write(new byte[10])))
                .hasMessageContaining("2.25.8.1").hasMessageContaining("(0020,000D)");
        assertThatThrownBy(() -> spool.receive("2.25.8.2", out -> {
            out.study("2.25.8");
            out.write(new byte[100]);
            throw new IOException("peer aborted the association");
        })).hasMessageContaining("aborted");
        assertThatThrownBy(() -> spool.receive("2.25.8.3", out -> out.study("../../etc")))
                .isInstanceOf(IllegalArgumentException.class);
        try (var files = Files.walk(spool.root())) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    /**
     * Issue 22: the spool remembers for ten minutes when each receive settled, so a clean-up that read its list before
     * never removes a correction received after it. Remembering cost a walk over every entry per receive once more than
     * 4096 had settled in ten minutes (each image past the 4096th of the benchmark's 5,000): 100,000 receives then take
     * minutes; oldest first, they take milliseconds. Still remembered: the first of them, and one settled again.
     */
    @Test
    void manyReceivesSettleCheaplyAndEachIsRemembered(@TempDir Path tmp) throws IOException {
        Spool spool = new Spool(tmp.resolve("spool"));
        long listedAt = spool.now();
        long start = System.nanoTime();
        int receives = 100_000;
        for (int i = 0; i < receives; i++) {
            spool.receiving("2.25.9." + i);
            spool.settled("2.25.9." + i);
        }
        spool.settled("2.25.9.0");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(seconds).as(receives + " receives settled").isLessThan(5);
        assertThat(spool.removeUpTo("2.25.9", "2.25.9.0", 1, listedAt)).as("settled after the list was read").isFalse();
        assertThat(spool.removeUpTo("2.25.9", "2.25.9.1", 1, listedAt)).as("the oldest but one, still kept").isFalse();
        assertThat(spool.removeUpTo("2.25.9", "2.25.9.1", 1, spool.now())).as("listed after it settled").isTrue();
    }
}

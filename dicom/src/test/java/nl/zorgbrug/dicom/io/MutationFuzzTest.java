package nl.zorgbrug.dicom.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;

import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.interop.Corpus;

/**
 * Robustness against damaged input: every corpus file truncated at every 7th offset, and with
 * random bytes flipped, and a bounded jqwik search over random mutations. Reading may fail only
 * with a {@link DicomParseException}; anything else (an index error, a negative array size, an
 * OutOfMemoryError, a stack overflow, a hang) fails the test.
 */
class MutationFuzzTest {
    private static List<byte[]> corpus;

    @BeforeContainer
    static void loadCorpus() throws IOException {
        corpus = load();
    }

    private static List<byte[]> load() throws IOException {
        List<byte[]> files = new ArrayList<>();
        for (Path p : Corpus.files()) {
            files.add(Files.readAllBytes(p));
        }
        return files;
    }

    static void readMustFailCleanly(byte[] bytes, String name) {
        try {
            Part10Reader.read(new ByteArrayInputStream(bytes), name, bytes.length, -1);
        } catch (DicomParseException expected) {
            // the only acceptable failure
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError(name + ": reader failed with " + e + " instead of a DicomParseException", e);
        }
        try {
            StreamingEditor.editPart10(new ByteArrayInputStream(bytes), name, bytes.length,
                    java.io.OutputStream.nullOutputStream(), head -> List.of());
        } catch (DicomParseException expected) {
            // fine
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError(name + ": streaming editor failed with " + e, e);
        }
    }

    @Test
    void everyCorpusFileTruncatedAtEverySeventhOffset() throws IOException {
        List<byte[]> files = corpus != null ? corpus : load();
        for (int f = 0; f < files.size(); f++) {
            byte[] bytes = files.get(f);
            for (int cut = 0; cut < bytes.length; cut += 7) {
                readMustFailCleanly(java.util.Arrays.copyOf(bytes, cut), "corpus#" + f + " cut at " + cut);
            }
        }
    }

    @Test
    void everyCorpusFileWithRandomBytesFlipped() throws IOException {
        List<byte[]> files = corpus != null ? corpus : load();
        Random random = new Random(20261125L);
        for (int f = 0; f < files.size(); f++) {
            for (int round = 0; round < 200; round++) {
                byte[] bytes = files.get(f).clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                readMustFailCleanly(bytes, "corpus#" + f + " round " + round);
            }
        }
    }

    /** Bounded by the number of tries: about 15 s on our 2-core machines, within the 60 s CI budget. */
    @Property(tries = 15000)
    void randomMutationsNeverCrashTheReader(@ForAll("mutations") byte[] bytes) {
        readMustFailCleanly(bytes, "jqwik mutation");
    }

    @Provide
    Arbitrary<byte[]> mutations() throws IOException {
        List<byte[]> files = corpus != null ? corpus : load();
        return Arbitraries.integers().between(0, files.size() - 1).flatMap(index -> {
            byte[] base = files.get(index);
            return Arbitraries.integers().between(0, base.length - 1).list().ofMinSize(1).ofMaxSize(16)
                    .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size())
                            .flatMap(values -> Arbitraries.integers().between(1, base.length).map(length -> {
                                byte[] copy = java.util.Arrays.copyOf(base, length);
                                for (int i = 0; i < positions.size(); i++) {
                                    if (positions.get(i) < copy.length) {
                                        copy[positions.get(i)] = values.get(i);
                                    }
                                }
                                return copy;
                            })));
        });
    }
}
